// The app's icons as one SVG sprite (web/ui/icons/sprite.svg, drawn by web/ui/BaseIcon.vue): the Lucide icons
// (lucide-static, ISC licence, pinned in package.json) that web/ui/icons/icons.json names, and no others.
// Outlines in currentColor, so they follow the text colour, forced colours included.
//
//   node scripts/make-icon-sprite.mjs          (re-run after changing icons.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { emoji, ui } = JSON.parse(readFileSync(join(root, 'web/ui/icons/icons.json'), 'utf8'));
const names = [...new Set([...Object.values(emoji), ...ui])].sort();
const lucide = join(root, 'node_modules/lucide-static');
const version = JSON.parse(readFileSync(join(lucide, 'package.json'), 'utf8')).version;

const symbols = names.map((name) => {
  const svg = readFileSync(join(lucide, 'icons', `${name}.svg`), 'utf8');
  const body = svg.slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>'));
  return `<symbol id="${name}" viewBox="0 0 24 24">${body.replace(/\s*\n\s*/g, '')}</symbol>`;
});
writeFileSync(
  join(root, 'web/ui/icons/sprite.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg"><!-- lucide-static ${version}, ISC licence -->\n${symbols.join('\n')}\n</svg>\n`,
);
console.log(`web/ui/icons/sprite.svg: ${names.length} icons`);
