// A client generated from the committed openapi.json (openapi-typescript types, openapi-fetch
// calls) against a real server: the calls compile only as the document describes them, and the
// answers are what the types say. `@ts-expect-error` lines prove the types carry the schema's
// enums and required fields: if the document lost them, `tsc` would fail on the unused directive.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/api.js';
import { startServer, type Server } from './server.js';

type Problem = components['schemas']['Problem'];

let server: Server;
let api: ReturnType<typeof createClient<paths>>;

before(async () => {
  server = await startServer();
  api = createClient<paths>({ baseUrl: server.url });
});
after(async () => { await server?.stop(); });

test('listPlaces filters and pages the catalogue', async () => {
  const { data, error, response } = await api.GET('/api/places', {
    params: { query: { theme: 'old_town', limit: 5 } },
  });
  assert.equal(response.status, 200, JSON.stringify(error));
  assert.ok(data);
  assert.ok(data.items.length > 0 && data.items.length <= 5);
  assert.ok(data.total >= data.items.length);
  for (const place of data.items) {
    assert.ok(place.themes.includes('old_town'), place.id);
    assert.equal(typeof place.a_level, 'number');
  }
});

test('getPlace answers a place, or a 404 problem', async () => {
  const found = await api.GET('/api/places/{id}', { params: { path: { id: 'kumbum_monastery' } } });
  assert.equal(found.data?.id, 'kumbum_monastery');
  assert.equal(found.data?.category, 'temple');
  const missing = await api.GET('/api/places/{id}', { params: { path: { id: 'atlantis' } } });
  assert.equal(missing.response.status, 404);
  const problem: Problem | undefined = missing.error;
  assert.equal(problem?.status, 404);
  assert.equal(problem?.type, '/problems/not-found');
  assert.match(missing.response.headers.get('content-type') ?? '', /^application\/problem\+json/);
});

test('getPlaceHours and getCalendarDay answer for a date', async () => {
  const hours = await api.GET('/api/places/{id}/hours', {
    params: { path: { id: 'qinghai_provincial_museum' }, query: { date: '2024-01-08' } },
  });
  assert.equal(hours.data?.date, '2024-01-08');
  assert.equal(hours.data?.hours_known, true);
  assert.deepEqual(hours.data?.open, [], 'the museum is closed on Mondays');
  const day = await api.GET('/api/calendar', { params: { query: { date: '2024-10-01' } } });
  assert.equal(day.data?.public_holiday, true);
  assert.ok(['peak', 'off'].includes(day.data?.pricing_season ?? ''));
  const bad = await api.GET('/api/calendar', { params: { query: { date: '2024-02-30' } } });
  assert.equal(bad.response.status, 400);
  assert.equal(bad.error?.parameter, 'date');
});

test('createQuotes prices places for a visitor', async () => {
  const { data, error } = await api.POST('/api/quotes', {
    body: {
      date: '2024-01-10',
      visitor: { home_region: '320000', age: 30 },
      places: ['kumbum_monastery', 'mojia_street'],
    },
  });
  assert.ok(data, JSON.stringify(error));
  assert.deepEqual(data.quotes.map((q) => q.place), ['kumbum_monastery', 'mojia_street']);
  for (const q of data.quotes) {
    assert.ok(['peak', 'off'].includes(q.season));
    for (const c of q.considered) assert.equal(typeof c.applied, 'boolean');
  }
  // @ts-expect-error `places` is required by the schema
  const missing = await api.POST('/api/quotes', { body: { date: '2024-01-10' } });
  assert.equal(missing.response.status, 400);
  assert.equal(missing.error?.field, 'places');
});

test('planItinerary plans a day; checkItinerary times a given order', async () => {
  const plan = await api.POST('/api/itineraries', {
    body: {
      dates: ['2024-01-09'],
      start: { place: 'limeng_pedestrian_street' },
      themes: { old_town: 1.0, food: 0.5 },
      budget_cny: '150.00',
      visitor: { home_region: '320000', age: 30 },
      pace: 'normal',
      mode: 'walk',
    },
  });
  assert.ok(plan.data, JSON.stringify(plan.error));
  const day = plan.data.days[0];
  assert.ok(day && day.stops.length > 0);
  assert.equal(day.legs.length, day.stops.length + 1);
  assert.match(day.depart, /^\d{2}:\d{2}$/);

  const checked = await api.POST('/api/itineraries/check', {
    body: {
      days: [{ date: '2024-01-08', stops: ['qinghai_provincial_museum', 'dongguan_mosque'] }],
      start: { place: 'dongguan_mosque' },
    },
  });
  assert.ok(checked.data, JSON.stringify(checked.error));
  const kinds = checked.data.days[0]?.violations?.map((v) => v.kind) ?? [];
  assert.ok(kinds.includes('closed'), JSON.stringify(kinds));

  const refused = await api.POST('/api/itineraries', {
    // @ts-expect-error `mode` is an enum (walk, drive) in the schema
    body: { dates: ['2024-01-09'], start: { place: 'dongguan_mosque' }, mode: 'fly' },
  });
  assert.equal(refused.response.status, 400);
  assert.equal(refused.error?.field, 'mode');
});

test('planItinerary plans a trip: arrival, a hotel, departure', async () => {
  const trip = await api.POST('/api/itineraries', {
    body: {
      dates: ['2024-07-12', '2024-07-13'],
      themes: { old_town: 1.0 },
      mode: 'drive',
      arrival: { station: 'xining_caojiabao_airport', time: '14:30' },
      lodging: { lat: 36.6175, lon: 101.778 },
      departure: { station: 'xining_caojiabao_airport', time: '17:00', buffer_minutes: 90 },
    },
  });
  assert.ok(trip.data, JSON.stringify(trip.error));
  const [first, last] = trip.data.days;
  assert.equal(first?.start_point.role, 'arrival');
  assert.equal(first?.end_point.role, 'lodging');
  assert.equal(last?.end_point.role, 'departure');
  assert.equal(last?.latest_back, '15:30');
  // Without a routing server the times are the estimate, and the note says why.
  assert.equal(trip.data.travel_times, 'estimated');
  assert.ok((trip.data.travel_times_note ?? '').length > 0);
  for (const n of trip.data.not_fitted) {
    assert.ok(['closed', 'too_far', 'over_budget', 'after_last_admission', 'no_time'].includes(n.kind), n.kind);
  }

  const late = await api.POST('/api/itineraries', {
    body: {
      dates: ['2024-07-12'],
      lodging: { place: 'dongguan_mosque' },
      // @ts-expect-error `time` is required on a departure
      departure: { station: 'xining_caojiabao_airport' },
    },
  });
  assert.equal(late.response.status, 400);
  assert.equal(late.error?.field, 'departure.time');
});

test('listRoutes and listStations list the city data', async () => {
  const routes = await api.GET('/api/routes');
  assert.ok((routes.data?.items.length ?? 0) > 0);
  for (const r of routes.data?.items ?? []) {
    assert.ok(['winter_spring', 'summer_autumn', 'all_year'].includes(r.season_line), r.id);
  }
  const stations = await api.GET('/api/stations');
  assert.ok(stations.data?.items.some((s) => s.kind === 'airport'));
});
