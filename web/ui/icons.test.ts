import { describe, expect, it } from 'vitest';
import { iconName } from './icons';
import entitlements from '../../content/kent/entitlements.json';
import pack from '../../content/kent/pack.json';
import policy from '../../content/kent/housing-policy.json';
import sprite from './icons/sprite.svg?raw';

const contentIcons = JSON.stringify([entitlements, pack, policy])
  .match(/"icon":"[^"]+"/g)!
  .map((m) => m.slice(8, -1));

describe('icons', () => {
  it('every content emoji is drawn by an icon that the sprite holds', () => {
    expect(contentIcons.length).toBeGreaterThan(40);
    for (const emoji of contentIcons) {
      const name = iconName(emoji);
      expect(name, emoji).toBeDefined();
      expect(sprite, `${emoji} → ${name}`).toContain(`<symbol id="${name}"`);
    }
  });

  it('knows names, ignores variation selectors, and has nothing for an unknown emoji', () => {
    expect(iconName('globe')).toBe('globe');
    expect(iconName('🛋️')).toBe(iconName('🛋'));
    expect(iconName('🦄')).toBeUndefined();
  });
});
