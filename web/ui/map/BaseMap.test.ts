import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import en from '../../../locales/en.json';
import boundaries from '#content/kent/districts.web.json?raw';
import BaseMap from './BaseMap.vue';

function stubNetwork() {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    if (url.includes('districts')) return new Response(boundaries, { status: 200 });
    return new Response('{}', { status: 404 }); // /api/config missing → default tiles
  });
}

async function mountMap(props: Record<string, unknown>) {
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } });
  const wrapper = mount(BaseMap, { props, global: { plugins: [i18n] }, attachTo: document.body });
  await vi.waitFor(
    async () => {
      await flushPromises();
      expect(wrapper.find('[data-testid="map"] path.leaflet-interactive').exists()).toBe(true);
    },
    { timeout: 10_000 },
  );
  return wrapper;
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('BaseMap', () => {
  it('draws the 13 districts from the content pack, and colours them from `choropleth`', async () => {
    stubNetwork();
    const wrapper = await mountMap({ choropleth: { E07000106: '#08519c' } });
    const paths = wrapper.findAll('[data-testid="map"] path.leaflet-interactive');
    expect(paths).toHaveLength(13);
    expect(paths.filter((p) => p.attributes('fill') === '#08519c')).toHaveLength(1);
    wrapper.unmount();
  });

  it('selectable: the "middle of the map" button places the pin (keyboard users)', async () => {
    stubNetwork();
    const wrapper = await mountMap({ selectable: true, pin: null });
    const button = wrapper.findAll('button').find((b) => b.text() === en.map.place_pin);
    expect(button).toBeDefined();
    await button!.trigger('click');
    const emitted = wrapper.emitted('update:pin');
    expect(emitted).toHaveLength(1);
    const [pin] = emitted![0] as [{ lat: number; lng: number }];
    // somewhere in Kent
    expect(pin.lat).toBeGreaterThan(50.8);
    expect(pin.lat).toBeLessThan(51.6);
    expect(pin.lng).toBeGreaterThan(0);
    expect(pin.lng).toBeLessThan(1.5);
    expect(wrapper.get('[data-testid="map-status"]').text()).toBe(en.map.pin_placed);
    wrapper.unmount();
  });

  it('"use my location" explains a refusal in plain words', async () => {
    stubNetwork();
    vi.stubGlobal('navigator', {
      ...navigator,
      onLine: true,
      geolocation: {
        getCurrentPosition: (_ok: unknown, fail: (e: { code: number; PERMISSION_DENIED: number; TIMEOUT: number }) => void) =>
          fail({ code: 1, PERMISSION_DENIED: 1, TIMEOUT: 3 }),
      },
    });
    const wrapper = await mountMap({ selectable: true });
    const button = wrapper.findAll('button').find((b) => b.text() === en.map.use_my_location);
    await button!.trigger('click');
    expect(wrapper.get('[data-testid="map-status"]').text()).toBe(en.map.location_denied);
    wrapper.unmount();
  });

  it('a map that places no pin (a staff county map) offers no "use my location"', async () => {
    stubNetwork();
    const wrapper = await mountMap({ overview: true });
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain(en.map.use_my_location);
    wrapper.unmount();
  });
});
