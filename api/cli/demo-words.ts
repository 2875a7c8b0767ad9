/**
 * The made-up words and weights of the demo data (demo-seed.ts): where reports come from, what they are
 * about, who the providers are and what staff say. Every text is clearly synthetic.
 */
import type { NewReport, ReportStatus } from '#contract';
import { OUTSIDE } from '../lib/content';

// Weights roughly follow population and the places Kent's care leavers live.
export const DISTRICTS: [string, number][] = [
  ['E06000035', 13],
  ['E07000105', 7],
  ['E07000106', 8],
  ['E07000107', 6],
  ['E07000108', 7],
  ['E07000109', 6],
  ['E07000110', 9],
  ['E07000111', 4],
  ['E07000112', 7],
  ['E07000113', 9],
  ['E07000114', 11],
  ['E07000115', 5],
  ['E07000116', 5],
  [OUTSIDE.code, 2],
];

export type Cat = NewReport['categories'][number];
export const CATEGORIES: [Cat[], number][] = [
  [['damp'], 14],
  [['mould'], 10],
  [['damp', 'mould'], 14],
  [['cold_heating'], 8],
  [['damp', 'cold_heating'], 4],
  [['water_leaks'], 6],
  [['water_leaks', 'mould'], 3],
  [['electrics'], 5],
  [['gas_co'], 2],
  [['fire_safety'], 3],
  [['locks_doors_windows'], 7],
  [['pests'], 5],
  [['toilet_bathroom'], 4],
  [['overcrowding'], 3],
  [['unsafe_people'], 3],
  [['unsafe_area'], 2],
  [['locks_doors_windows', 'unsafe_people'], 1],
  [['other'], 2],
];

export const DESCRIPTIONS: Record<Cat, string[]> = {
  damp: [
    'The wall under my bedroom window is always wet and the wallpaper is peeling off.',
    'There is a damp patch on the ceiling that keeps getting bigger.',
  ],
  mould: [
    'Black mould is growing around the window and behind the wardrobe. My clothes smell of it.',
    'Mould in the bathroom comes back a week after I clean it.',
  ],
  cold_heating: [
    'The heating has not worked for two weeks and the flat is freezing at night.',
    'Only one radiator works and there is no hot water in the mornings.',
  ],
  electrics: [
    'Sockets in the kitchen spark when I plug things in.',
    'The lights flicker and the fuse box trips every day.',
  ],
  gas_co: [
    'The boiler flame is yellow and there is no carbon monoxide alarm.',
    'I can smell gas near the cooker sometimes.',
  ],
  fire_safety: [
    'The smoke alarm has been taken down and the fire door does not close.',
    'The fire exit is blocked with rubbish bags.',
  ],
  water_leaks: [
    'Water comes through the ceiling from the flat upstairs when it rains.',
    'The pipe under the sink leaks and the floor is rotting.',
  ],
  locks_doors_windows: [
    'The front door lock is broken so anyone can walk in.',
    'My bedroom window does not close properly.',
  ],
  pests: ['There are mice in the kitchen cupboards.', 'I have seen cockroaches in the shared kitchen every night.'],
  toilet_bathroom: [
    'The toilet has been blocked for a week and there is only one for six people.',
    'The shower does not drain.',
  ],
  overcrowding: ['Three of us share one small bedroom.', 'The house has more people living in it than rooms.'],
  unsafe_people: [
    'A man who is not a resident keeps coming into the house at night.',
    'Someone in the house threatens me and takes my food.',
  ],
  unsafe_area: [
    'There is drug dealing outside the front door most nights.',
    'I do not feel safe walking home from the bus stop.',
  ],
  other: ['The stairs are broken and the carpet is coming up.', 'The landlord comes in without asking.'],
};

export const PROVIDERS: [string, number, number][] = [
  // name, weight, speed (1 = typical; higher is slower)
  ['Harbourside Supported Living (synthetic)', 9, 1.6],
  ['Oakfield Housing Trust (synthetic)', 8, 0.8],
  ['Medway Valley Lettings (synthetic)', 7, 1.2],
  ['Castle Gate Homes (synthetic)', 6, 2.2],
  ['Stour Young People’s Housing (synthetic)', 6, 0.7],
  ['Weald Rooms Ltd (synthetic)', 5, 1.4],
  ['Coastline Property Management (synthetic)', 5, 1.9],
  ['Downs Supported Accommodation (synthetic)', 4, 1],
  ['Orchard Lane HMO (synthetic)', 4, 2.6],
  ['Riverside Housing Association (synthetic)', 4, 0.9],
  ['North Kent Rentals (synthetic)', 3, 1.3],
  ['Hop Garden Lodgings (synthetic)', 3, 1.1],
  ['Cliffside Temporary Housing (synthetic)', 3, 1.8],
];

export const ACCOMMODATION: [NewReport['accommodationType'], number][] = [
  ['supported', 30],
  ['shared_house', 18],
  ['private_rented', 24],
  ['social_housing', 12],
  ['temporary', 12],
  ['other', 4],
];

export const PUBLIC_NOTES: Partial<Record<ReportStatus, string[]>> = {
  acknowledged: [
    'Thank you for telling us. We have passed this to your housing provider and your PA.',
    'We have your report and have asked the landlord to contact you.',
  ],
  investigating: [
    'Someone will visit to look at the problem this week.',
    'The landlord has inspected and is deciding what work is needed.',
  ],
  works_scheduled: ['Repairs are booked. The landlord will tell you the date.', 'A contractor is booked to fix this.'],
  resolved: [
    'The repair is done. Tell your PA if the problem comes back.',
    'The landlord says this is fixed. Please report it again if it is not.',
  ],
  closed: ['We have closed this report. Your PA will talk to you about it.'],
};
export const INTERNAL_NOTES = [
  'Chased provider by phone.',
  'Provider slow to respond; escalate if no date by Friday.',
  'PA informed.',
  'Photos show extensive mould on two walls.',
];
export const CLOSED_REASONS = [
  'Duplicate of another report.',
  'Young person moved out; PA following up.',
  'Could not get access after three attempts.',
  'Not a housing problem: passed to the PA.',
];
