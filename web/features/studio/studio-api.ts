/**
 * The studio's calls to /api/content. An item is opened with its ETag and saved with it in `If-Match`,
 * so a save over someone else's newer change is refused (412) instead of overwriting it.
 */
import type {
  AddContentItem,
  ContentDraft,
  ListItemChange,
  RemovedListItem,
  ContentHealth,
  ContentNoteList,
  LinkCheckResult,
  VersionDiff,
  ContentItem,
  ContentVersion,
  ContentVersionSummary,
  OutcomeChanges,
  StudioEntitlementList,
  StudioItemList,
  WhatIfPerson,
} from '#contract';
import { ApiError, apiFetch } from '../../app/api-client';

export interface OpenItem {
  item: ContentItem;
  etag: string;
}

async function refuseFailed(response: Response): Promise<void> {
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; fields?: Record<string, string> };
    };
    throw new ApiError(
      response.status,
      body.error?.code ?? `http_${response.status}`,
      body.error?.message ?? response.statusText,
      body.error?.fields ?? {},
    );
  }
}

async function withEtag(response: Response): Promise<OpenItem> {
  await refuseFailed(response);
  return { item: (await response.json()) as ContentItem, etag: response.headers.get('etag') ?? '' };
}

const itemPath = (key: string) => `/api/content/items/${encodeURIComponent(key)}`;

export async function openItem(key: string): Promise<OpenItem> {
  return withEtag(await fetch(itemPath(key), { credentials: 'same-origin', headers: { Accept: 'application/json' } }));
}

/** Opens an item, or null when it has none yet (words not written in this language start from an empty form). */
export async function openIfWritten(key: string): Promise<OpenItem | null> {
  return openItem(key).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
}

export async function saveItem(key: string, value: unknown, etag: string): Promise<OpenItem> {
  const response = await fetch(itemPath(key), {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'If-Match': etag },
    body: JSON.stringify({ value }),
  });
  return withEtag(response);
}

export const addItem = (body: AddContentItem) =>
  apiFetch<ListItemChange>('/api/content/items', { method: 'POST', body });

/** A removal as the server answered it: what each key held, and the ETag an undo is sent with. */
export type Removal = RemovedListItem & { etag: string };

/** Takes a contact or glossary word out of the draft, with its words in every language (refused while used). */
export async function removeItem(key: string, etag: string): Promise<Removal> {
  const response = await fetch(itemPath(key), {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { Accept: 'application/json', 'If-Match': etag },
  });
  await refuseFailed(response);
  return { ...((await response.json()) as RemovedListItem), etag: response.headers.get('etag') ?? '' };
}

/** Undoes a removal: the item and its words go back into the draft as they were (412 if changed since). */
export const restoreItem = (removal: Removal) =>
  apiFetch<ListItemChange>(`${itemPath(removal.key)}/restore`, {
    method: 'POST',
    body: { values: removal.values },
    headers: { 'If-Match': removal.etag },
  });

export const listEntitlements = () => apiFetch<StudioEntitlementList>('/api/content/entitlements');

export const listItems = () => apiFetch<StudioItemList>('/api/content/items');

export const outcomeChanges = (people: WhatIfPerson[] = []) =>
  apiFetch<OutcomeChanges>('/api/content/draft/outcome-changes', { method: 'POST', body: { people } });

export const publishDraft = (body: { note?: string; confirmOutcomeChanges?: boolean }) =>
  apiFetch<ContentVersion>('/api/content/publish', { method: 'POST', body });

export const listVersions = () =>
  apiFetch<{ versions: ContentVersionSummary[] }>('/api/content/versions').then((r) => r.versions);

export const republish = (version: number, confirmOutcomeChanges: boolean) =>
  apiFetch<ContentVersion>(`/api/content/versions/${version}/republish`, {
    method: 'POST',
    body: { confirmOutcomeChanges },
  });

export const draftSummary = () => apiFetch<ContentDraft>('/api/content/draft');

export const listNotes = (state: 'open' | 'done' = 'open') =>
  apiFetch<ContentNoteList>(`/api/content/notes?state=${state}`);

export const markNote = (id: string, done: boolean) =>
  apiFetch<void>(`/api/content/notes/${encodeURIComponent(id)}`, { method: 'PATCH', body: { done } });

export const contentHealth = () => apiFetch<ContentHealth>('/api/content/health');

export const setStalePeriod = (staleAfterMonths: number) =>
  apiFetch<{ staleAfterMonths: number }>('/api/content/health/settings', { method: 'PUT', body: { staleAfterMonths } });

export const checkLinks = (urls?: string[]) =>
  apiFetch<LinkCheckResult>('/api/content/health/links', { method: 'POST', body: urls ? { urls } : {} });

export const markChecked = (body: { key: string; path: string[]; sourceUrl: string }) =>
  apiFetch<{ lastChecked: string; urlChanged: boolean }>('/api/content/health/checked', { method: 'POST', body });

export const versionDiff = (from: number, to: number | 'draft') =>
  apiFetch<VersionDiff>(`/api/content/diff?from=${from}&to=${to}`);
