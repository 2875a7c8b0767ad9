import { Hono } from 'hono';
import { LatLngQuery } from '#contract';
import { locateDistrict } from '#rules/geo';
import { ApiError } from '../../lib/errors';
import { districtBoundaries, districtList } from '../../lib/content';
import { parseQuery } from '../../lib/validate';

export const districts = new Hono()
  .get('/', (c) => c.json(districtList))
  .get('/locate', (c) => {
    const point = parseQuery(c, LatLngQuery);
    const district = locateDistrict(point, districtBoundaries);
    if (!district) throw new ApiError(404, 'outside', 'This place is not in Kent or Medway.');
    return c.json(district);
  });
