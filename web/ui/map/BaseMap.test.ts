import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import en from '../../../locales/en.json';
import boundaries from '#content/kent/districts.web.json?raw';
import places from '#content/kent/places.json?raw';
import BaseMap from './BaseMap.vue';

function stubNetwork() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.includes('districts')) return new Response(boundaries, { status: 200 });
      if (url.includes('places')) return new Response(places, { status: 200 });
      return new Response('{}', { status: 404 }); // /api/config missing → the default: no tiles
    }),
  );
}

async function mountMap(props: Record<string, unknown>) {
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } });
  const wrapper = mount(BaseMap, { props, global: { plugins: [i18n] }, attachTo: document.body });
  await vi.waitFor(
    async () => {
      await flushPromises();
      expect(wrapper.find('[data-testid="map"] .leaflet-overlay-pane path').exists()).toBe(true);
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

  it('names the districts and towns on the map without any tile, and asks no tile server by default', async () => {
    stubNetwork();
    const wrapper = await mountMap({});
    await vi.waitFor(() => expect(wrapper.findAll('.map-label--district')).toHaveLength(13), { timeout: 5_000 });
    const names = wrapper.findAll('.map-label--district').map((l) => l.text());
    expect(names).toContain('Thanet');
    expect(wrapper.findAll('.map-label--town').map((l) => l.text())).toContain('Margate');
    expect(wrapper.findAll('img.leaflet-tile')).toHaveLength(0);
    const fetched = vi.mocked(fetch).mock.calls.map(([input]) => String(input));
    expect(fetched.every((url) => !/^https?:/.test(url) || url.startsWith(location.origin))).toBe(true);
    wrapper.unmount();
  });

  it('selectable: the district shapes are no stops for the keyboard or a screen reader; the zoom buttons have names', async () => {
    stubNetwork();
    const wrapper = await mountMap({ selectable: true, pin: null });
    expect(wrapper.findAll('[data-testid="map"] path.leaflet-interactive')).toHaveLength(0);
    expect(wrapper.findAll('[data-testid="map"] path[tabindex]')).toHaveLength(0);
    expect(wrapper.get('[data-testid="map"] .leaflet-overlay-pane svg').attributes('aria-hidden')).toBe('true');
    expect(wrapper.get('.leaflet-control-zoom-in').attributes('aria-label')).toBe(en.map.zoom_in);
    expect(wrapper.get('.leaflet-control-zoom-out').attributes('aria-label')).toBe(en.map.zoom_out);
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
        getCurrentPosition: (
          _ok: unknown,
          fail: (e: { code: number; PERMISSION_DENIED: number; TIMEOUT: number }) => void,
        ) => fail({ code: 1, PERMISSION_DENIED: 1, TIMEOUT: 3 }),
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
