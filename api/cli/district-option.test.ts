import { describe, expect, it } from 'vitest';
import { DISTRICT_NAMES, districtCodes } from './district-option';

describe('--districts', () => {
  it('takes names in any case, with spaces, dashes or "&", and ONS codes', () => {
    expect(districtCodes('Thanet, folkestone-and-hythe,Tonbridge & Malling,e07000108')).toEqual([
      'E07000114',
      'E07000112',
      'E07000115',
      'E07000108',
    ]);
  });

  it('"all" or no option is every district; an unknown name is kept for the contract to refuse', () => {
    expect(districtCodes(undefined)).toBeNull();
    expect(districtCodes(' ALL ')).toBeNull();
    expect(districtCodes('Narnia')).toEqual(['Narnia']);
  });

  it('lists the names for the usage line', () => {
    expect(DISTRICT_NAMES).toContain('Folkestone and Hythe');
    expect(DISTRICT_NAMES).toContain('Medway');
  });
});
