import { Hono } from 'hono';
import type { Health } from '#contract';
import type { AppDeps } from '../../deps';
import pkg from '../../../package.json';

export const health = ({ db }: AppDeps) =>
  new Hono().get('/', async (c) => {
    await db.query('select 1');
    return c.json({ status: 'ok', database: db.kind, version: pkg.version } satisfies Health);
  });
