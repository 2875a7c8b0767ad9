-- Open311 GeoReport v2: keys for partner systems, and what an Open311 POST adds to a report.

-- A partner's API key. Only the SHA-256 of the key is kept; the key itself is shown once, when it is made.
-- `districts` null = every district; otherwise the ONS codes the key may read in full and submit to.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 120),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  -- the first characters of the key, so an admin can tell keys apart without seeing them
  key_prefix text not null,
  districts text[],
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- One row per report created through POST /open311/v2/requests: which key made it, the client's token
-- (its Idempotency-Key, for GET /tokens/{token}), and the parts of the request that have no column in
-- `reports`. `address_string` and `media_url` are as sensitive as the location: only a key for the
-- report's district reads them, and retention clears them with the report's location.
create table open311_requests (
  report_id uuid primary key references reports (id) on delete cascade,
  api_key_id uuid not null references api_keys (id),
  token text not null,
  address_string text,
  media_url text,
  created_at timestamptz not null default now(),
  unique (api_key_id, token)
);
create index open311_requests_token on open311_requests (token);
