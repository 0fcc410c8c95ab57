import type { PlatformType } from '@mdm-console/mdm-api';

export type FormFactor = 'phone' | 'tablet' | 'rugged' | 'laptop' | 'desktop';

export interface ModelSpec {
  platform: PlatformType;
  deviceModel: string;
  prettyModel: string;
  manufacturer: string;
  formFactor: FormFactor;
  /** The word used in device names: "Anna's iPhone". */
  kind: string;
  storageGb: number;
  weight: number;
}

/** Share of each platform in the fleet. */
export const PLATFORM_SHARES: readonly (readonly [PlatformType, number])[] = [
  ['IOS', 45],
  ['ANDROID', 35],
  ['WINDOWS_PHONE', 12],
  ['OSX', 8],
];

export const MODELS: readonly ModelSpec[] = [
  {
    platform: 'IOS',
    deviceModel: 'iPhone16,2',
    prettyModel: 'iPhone 15 Pro Max',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 256,
    weight: 8,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPhone15,4',
    prettyModel: 'iPhone 15',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 128,
    weight: 20,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPhone14,7',
    prettyModel: 'iPhone 14',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 128,
    weight: 18,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPhone14,5',
    prettyModel: 'iPhone 13',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 128,
    weight: 14,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPhone14,6',
    prettyModel: 'iPhone SE 3rd gen',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 64,
    weight: 10,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPhone17,3',
    prettyModel: 'iPhone 16',
    manufacturer: 'Apple Inc.',
    formFactor: 'phone',
    kind: 'iPhone',
    storageGb: 128,
    weight: 9,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPad13,18',
    prettyModel: 'iPad 10th gen',
    manufacturer: 'Apple Inc.',
    formFactor: 'tablet',
    kind: 'iPad',
    storageGb: 64,
    weight: 9,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPad13,16',
    prettyModel: 'iPad Air 5th gen',
    manufacturer: 'Apple Inc.',
    formFactor: 'tablet',
    kind: 'iPad',
    storageGb: 256,
    weight: 5,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPad14,1',
    prettyModel: 'iPad Mini 6th gen',
    manufacturer: 'Apple Inc.',
    formFactor: 'tablet',
    kind: 'iPad',
    storageGb: 64,
    weight: 4,
  },
  {
    platform: 'IOS',
    deviceModel: 'iPad14,6',
    prettyModel: 'iPad Pro 12.9-inch 6th gen',
    manufacturer: 'Apple Inc.',
    formFactor: 'tablet',
    kind: 'iPad',
    storageGb: 512,
    weight: 3,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'SM-S911B',
    prettyModel: 'Galaxy S23',
    manufacturer: 'samsung',
    formFactor: 'phone',
    kind: 'Galaxy',
    storageGb: 256,
    weight: 16,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'SM-S921B',
    prettyModel: 'Galaxy S24',
    manufacturer: 'samsung',
    formFactor: 'phone',
    kind: 'Galaxy',
    storageGb: 256,
    weight: 10,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'SM-A546B',
    prettyModel: 'Galaxy A54 5G',
    manufacturer: 'samsung',
    formFactor: 'phone',
    kind: 'Galaxy',
    storageGb: 128,
    weight: 18,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'SM-G736B',
    prettyModel: 'Galaxy XCover6 Pro',
    manufacturer: 'samsung',
    formFactor: 'rugged',
    kind: 'XCover',
    storageGb: 128,
    weight: 7,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'Pixel 8',
    prettyModel: 'Pixel 8',
    manufacturer: 'Google',
    formFactor: 'phone',
    kind: 'Pixel',
    storageGb: 128,
    weight: 12,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'Pixel 7a',
    prettyModel: 'Pixel 7a',
    manufacturer: 'Google',
    formFactor: 'phone',
    kind: 'Pixel',
    storageGb: 128,
    weight: 9,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'TC52',
    prettyModel: 'Zebra TC52',
    manufacturer: 'Zebra Technologies',
    formFactor: 'rugged',
    kind: 'TC52',
    storageGb: 32,
    weight: 8,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'TC58',
    prettyModel: 'Zebra TC58',
    manufacturer: 'Zebra Technologies',
    formFactor: 'rugged',
    kind: 'TC58',
    storageGb: 64,
    weight: 5,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'SM-X306B',
    prettyModel: 'Galaxy Tab Active4 Pro',
    manufacturer: 'samsung',
    formFactor: 'tablet',
    kind: 'Tab',
    storageGb: 64,
    weight: 6,
  },
  {
    platform: 'ANDROID',
    deviceModel: 'moto g54 5G',
    prettyModel: 'moto g54 5G',
    manufacturer: 'motorola',
    formFactor: 'phone',
    kind: 'moto',
    storageGb: 128,
    weight: 5,
  },
  {
    platform: 'WINDOWS_PHONE',
    deviceModel: 'Latitude 7440',
    prettyModel: 'Dell Inc.: Latitude 7440',
    manufacturer: 'Dell Inc.',
    formFactor: 'laptop',
    kind: 'Latitude',
    storageGb: 512,
    weight: 30,
  },
  {
    platform: 'WINDOWS_PHONE',
    deviceModel: '21HD003TUS',
    prettyModel: 'LENOVO: ThinkPad T14 Gen 4',
    manufacturer: 'LENOVO',
    formFactor: 'laptop',
    kind: 'ThinkPad',
    storageGb: 512,
    weight: 28,
  },
  {
    platform: 'WINDOWS_PHONE',
    deviceModel: 'HP EliteBook 840 G10',
    prettyModel: 'HP: EliteBook 840 G10',
    manufacturer: 'HP',
    formFactor: 'laptop',
    kind: 'EliteBook',
    storageGb: 512,
    weight: 22,
  },
  {
    platform: 'WINDOWS_PHONE',
    deviceModel: 'Surface Laptop 5',
    prettyModel: 'Microsoft Corporation: Surface Laptop 5',
    manufacturer: 'Microsoft Corporation',
    formFactor: 'laptop',
    kind: 'Surface',
    storageGb: 256,
    weight: 12,
  },
  {
    platform: 'WINDOWS_PHONE',
    deviceModel: 'OptiPlex 7010',
    prettyModel: 'Dell Inc.: OptiPlex 7010',
    manufacturer: 'Dell Inc.',
    formFactor: 'desktop',
    kind: 'OptiPlex',
    storageGb: 512,
    weight: 8,
  },
  {
    platform: 'OSX',
    deviceModel: 'Mac14,9',
    prettyModel: 'MacBook Pro (14-inch, 2023)',
    manufacturer: 'Apple Inc.',
    formFactor: 'laptop',
    kind: 'MacBook Pro',
    storageGb: 512,
    weight: 35,
  },
  {
    platform: 'OSX',
    deviceModel: 'Mac14,2',
    prettyModel: 'MacBook Air (M2, 2022)',
    manufacturer: 'Apple Inc.',
    formFactor: 'laptop',
    kind: 'MacBook Air',
    storageGb: 256,
    weight: 40,
  },
  {
    platform: 'OSX',
    deviceModel: 'Mac15,3',
    prettyModel: 'MacBook Pro (14-inch, M3, 2023)',
    manufacturer: 'Apple Inc.',
    formFactor: 'laptop',
    kind: 'MacBook Pro',
    storageGb: 512,
    weight: 15,
  },
  {
    platform: 'OSX',
    deviceModel: 'iMac21,1',
    prettyModel: 'iMac (24-inch, M1, 2021)',
    manufacturer: 'Apple Inc.',
    formFactor: 'desktop',
    kind: 'iMac',
    storageGb: 256,
    weight: 10,
  },
];

export interface OsRelease {
  platformVersion: string;
  osBuildVersion: string;
  weight: number;
  /** Below the compliance minimum: violates the "OS Version" policy. */
  outdated: boolean;
}

export const OS_RELEASES: Record<PlatformType, readonly OsRelease[]> = {
  IOS: [
    { platformVersion: '18.1', osBuildVersion: '22B83', weight: 30, outdated: false },
    { platformVersion: '18.0.1', osBuildVersion: '22A3370', weight: 15, outdated: false },
    { platformVersion: '17.7', osBuildVersion: '21H16', weight: 20, outdated: false },
    { platformVersion: '17.6.1', osBuildVersion: '21G93', weight: 18, outdated: false },
    { platformVersion: '16.7.10', osBuildVersion: '20H350', weight: 12, outdated: true },
    { platformVersion: '15.8.3', osBuildVersion: '19H386', weight: 5, outdated: true },
  ],
  ANDROID: [
    { platformVersion: '14', osBuildVersion: 'UP1A.231005.007', weight: 40, outdated: false },
    { platformVersion: '15', osBuildVersion: 'AP3A.240905.015', weight: 15, outdated: false },
    { platformVersion: '13', osBuildVersion: 'TP1A.220624.014', weight: 28, outdated: false },
    { platformVersion: '12', osBuildVersion: 'SP1A.210812.016', weight: 12, outdated: true },
    { platformVersion: '11', osBuildVersion: 'RP1A.200720.012', weight: 5, outdated: true },
  ],
  WINDOWS_PHONE: [
    { platformVersion: '10.0', osBuildVersion: '10.0.22631.4317', weight: 45, outdated: false },
    { platformVersion: '10.0', osBuildVersion: '10.0.22621.4317', weight: 25, outdated: false },
    { platformVersion: '10.0', osBuildVersion: '10.0.26100.2033', weight: 15, outdated: false },
    { platformVersion: '10.0', osBuildVersion: '10.0.19045.5011', weight: 15, outdated: true },
  ],
  OSX: [
    { platformVersion: '15.1', osBuildVersion: '24B83', weight: 30, outdated: false },
    { platformVersion: '14.7.1', osBuildVersion: '23H222', weight: 40, outdated: false },
    { platformVersion: '14.6.1', osBuildVersion: '23G93', weight: 15, outdated: false },
    { platformVersion: '13.7.1', osBuildVersion: '22H221', weight: 15, outdated: true },
  ],
};

/** OS versions an iOS update can target, newest first. */
export const IOS_UPDATE_TARGETS = ['18.1', '18.0.1', '17.7'] as const;

export const ANDROID_PATCH_LEVELS: readonly (readonly [string, number])[] = [
  ['2024-11-01', 25],
  ['2024-10-01', 25],
  ['2024-09-01', 18],
  ['2024-06-01', 12],
  ['2024-01-01', 10],
  ['2023-06-01', 10],
];

export interface Country {
  code: string;
  name: string;
  locale: string;
  region: 'Americas' | 'EMEA' | 'APAC';
  mcc: string;
  carriers: readonly (readonly [string, string])[];
  phonePrefix: string;
  timeZone: string;
  latitude: number;
  longitude: number;
  weight: number;
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'US',
    name: 'United States',
    locale: 'en_US',
    region: 'Americas',
    mcc: '310',
    carriers: [
      ['Verizon', '004'],
      ['AT&T', '410'],
      ['T-Mobile', '260'],
    ],
    phonePrefix: '+1',
    timeZone: 'America/New_York',
    latitude: 39.5,
    longitude: -98.35,
    weight: 38,
  },
  {
    code: 'CA',
    name: 'Canada',
    locale: 'en_CA',
    region: 'Americas',
    mcc: '302',
    carriers: [
      ['Rogers', '720'],
      ['Bell', '610'],
      ['TELUS', '220'],
    ],
    phonePrefix: '+1',
    timeZone: 'America/Toronto',
    latitude: 45.4,
    longitude: -75.7,
    weight: 5,
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    locale: 'en_GB',
    region: 'EMEA',
    mcc: '234',
    carriers: [
      ['EE', '30'],
      ['vodafone UK', '15'],
      ['O2 - UK', '10'],
    ],
    phonePrefix: '+44',
    timeZone: 'Europe/London',
    latitude: 52.5,
    longitude: -1.5,
    weight: 14,
  },
  {
    code: 'DE',
    name: 'Germany',
    locale: 'de_DE',
    region: 'EMEA',
    mcc: '262',
    carriers: [
      ['Telekom.de', '01'],
      ['Vodafone.de', '02'],
      ['o2 - de', '03'],
    ],
    phonePrefix: '+49',
    timeZone: 'Europe/Berlin',
    latitude: 51.1,
    longitude: 10.4,
    weight: 12,
  },
  {
    code: 'FR',
    name: 'France',
    locale: 'fr_FR',
    region: 'EMEA',
    mcc: '208',
    carriers: [
      ['Orange F', '01'],
      ['SFR', '10'],
      ['Bouygues Telecom', '20'],
    ],
    phonePrefix: '+33',
    timeZone: 'Europe/Paris',
    latitude: 46.6,
    longitude: 2.4,
    weight: 7,
  },
  {
    code: 'IN',
    name: 'India',
    locale: 'en_IN',
    region: 'APAC',
    mcc: '404',
    carriers: [
      ['airtel', '10'],
      ['Jio 4G', '857'],
      ['Vodafone India', '20'],
    ],
    phonePrefix: '+91',
    timeZone: 'Asia/Kolkata',
    latitude: 20.6,
    longitude: 78.9,
    weight: 10,
  },
  {
    code: 'JP',
    name: 'Japan',
    locale: 'ja_JP',
    region: 'APAC',
    mcc: '440',
    carriers: [
      ['NTT DOCOMO', '10'],
      ['KDDI', '50'],
      ['SoftBank', '20'],
    ],
    phonePrefix: '+81',
    timeZone: 'Asia/Tokyo',
    latitude: 36.2,
    longitude: 138.3,
    weight: 6,
  },
  {
    code: 'AU',
    name: 'Australia',
    locale: 'en_AU',
    region: 'APAC',
    mcc: '505',
    carriers: [
      ['Telstra', '01'],
      ['YES OPTUS', '02'],
      ['vodafone AU', '03'],
    ],
    phonePrefix: '+61',
    timeZone: 'Australia/Sydney',
    latitude: -33.9,
    longitude: 151.2,
    weight: 5,
  },
  {
    code: 'SG',
    name: 'Singapore',
    locale: 'en_SG',
    region: 'APAC',
    mcc: '525',
    carriers: [
      ['SingTel', '01'],
      ['StarHub', '05'],
    ],
    phonePrefix: '+65',
    timeZone: 'Asia/Singapore',
    latitude: 1.35,
    longitude: 103.8,
    weight: 3,
  },
];

export const FIRST_NAMES: readonly string[] = [
  'Anna',
  'James',
  'Maria',
  'David',
  'Sofia',
  'Michael',
  'Emma',
  'Daniel',
  'Olivia',
  'Thomas',
  'Mia',
  'Lucas',
  'Hannah',
  'Noah',
  'Laura',
  'Ethan',
  'Chloe',
  'Liam',
  'Priya',
  'Arjun',
  'Yuki',
  'Haruto',
  'Sakura',
  'Kenji',
  'Lena',
  'Felix',
  'Julia',
  'Jonas',
  'Camille',
  'Louis',
  'Chiara',
  'Marco',
  'Aisha',
  'Omar',
  'Fatima',
  'Ali',
  'Grace',
  'Jack',
  'Isla',
  'Oliver',
  'Zoe',
  'Samuel',
  'Ava',
  'Benjamin',
  'Ella',
  'Henry',
  'Nora',
  'William',
  'Ines',
  'Mateo',
  'Lucia',
  'Diego',
  'Elena',
  'Pablo',
  'Ingrid',
  'Erik',
  'Astrid',
  'Lars',
  'Wei',
  'Mei',
  'Jun',
  'Ling',
  'Rahul',
  'Ananya',
  'Vikram',
  'Neha',
  'Sean',
  'Siobhan',
  'Patrick',
  'Conor',
  'Ruth',
  'Paul',
];

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Dubois',
  'Lefebvre',
  'Moreau',
  'Laurent',
  'Rossi',
  'Russo',
  'Ferrari',
  'Sato',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Patel',
  'Sharma',
  'Singh',
  'Kumar',
  'Gupta',
  'Chen',
  'Wang',
  'Li',
  'Zhang',
  'Liu',
  'Nguyen',
  'Kim',
  'Park',
  "O'Brien",
  "O'Connor",
  'Murphy',
  'Kelly',
  'Andersson',
  'Johansson',
  'Larsen',
  'Nielsen',
  'García-López',
];

export const EMAIL_DOMAIN = 'acme-corp.com';

/** Departments: each user is in exactly one. */
export const DEPARTMENTS: readonly (readonly [string, number])[] = [
  ['Sales', 18],
  ['Engineering', 16],
  ['Operations', 14],
  ['Field Service', 12],
  ['Retail Stores', 10],
  ['Customer Success', 8],
  ['Marketing', 6],
  ['Finance', 5],
  ['IT', 4],
  ['Human Resources', 3],
  ['Legal', 2],
  ['Executive', 2],
];

/** Other user groups (ACCOUNTGROUP) besides "All Users", the department and the region. */
export const EXTRA_GROUPS = ['VIP', 'Contractors', 'Pilot - iOS 18', 'Shared Device Users'] as const;

export const JOB_TITLES: readonly string[] = [
  'Account Executive',
  'Software Engineer',
  'Operations Manager',
  'Field Technician',
  'Store Associate',
  'Customer Success Manager',
  'Marketing Specialist',
  'Financial Analyst',
  'IT Administrator',
  'HR Partner',
  'Counsel',
  'Vice President',
];

export interface SpaceSpec {
  id: number;
  name: string;
  description: string | null;
  /** An fq over the device's owner, evaluated in priority order (lower first); null for the default space. */
  domainRule: string | null;
  priority: number;
}

export const SPACES: readonly SpaceSpec[] = [
  { id: 23504, name: 'Default Space', description: 'Default device management Space.', domainRule: null, priority: 4 },
  {
    id: 23505,
    name: 'EMEA',
    description: 'Devices of users in Europe, the Middle East and Africa.',
    domainRule: "ACCOUNTGROUP EQ 'EMEA'",
    priority: 2,
  },
  {
    id: 23506,
    name: 'APAC',
    description: 'Devices of users in Asia-Pacific.',
    domainRule: "ACCOUNTGROUP EQ 'APAC'",
    priority: 3,
  },
  {
    id: 23507,
    name: 'Retail & Field',
    description: 'Store and field-service devices.',
    domainRule: "ACCOUNTGROUP EQ 'Retail Stores' OR ACCOUNTGROUP EQ 'Field Service'",
    priority: 1,
  },
];

export interface ConfigSpec {
  id: number;
  name: string;
  description: string | null;
  policyType: string;
  platforms: readonly PlatformType[];
  /** Only on Android devices in kiosk (dedicated) mode. */
  kioskOnly?: boolean;
  /** Share of applicable devices that have it. */
  coverage: number;
}

export const CONFIGS: readonly ConfigSpec[] = [
  {
    id: 35046,
    name: 'Passcode Config',
    description: 'Corporate device passcode config',
    policyType: 'PASSCODE',
    platforms: ['IOS', 'ANDROID', 'OSX', 'WINDOWS_PHONE'],
    coverage: 1,
  },
  {
    id: 35161,
    name: 'Corp Wi-Fi',
    description: 'WPA2-Enterprise Wi-Fi for offices',
    policyType: 'WIFI',
    platforms: ['IOS', 'ANDROID', 'OSX', 'WINDOWS_PHONE'],
    coverage: 0.95,
  },
  {
    id: 35162,
    name: 'Corporate VPN',
    description: null,
    policyType: 'VPN',
    platforms: ['IOS', 'ANDROID', 'OSX', 'WINDOWS_PHONE'],
    coverage: 0.8,
  },
  {
    id: 35148,
    name: 'Exchange Online',
    description: '',
    policyType: 'EXCHANGE',
    platforms: ['IOS', 'ANDROID'],
    coverage: 0.9,
  },
  {
    id: 35037,
    name: 'App Catalog',
    description: 'Access the iOS App Catalog via this Web Clip.',
    policyType: 'WEBCLIP',
    platforms: ['IOS'],
    coverage: 1,
  },
  {
    id: 37859,
    name: 'Identity for the App Catalog',
    description: 'The Identity used by this device to access the iOS App Catalog securely.',
    policyType: 'IDENTITY_CERTIFICATE_DG',
    platforms: ['IOS'],
    coverage: 1,
  },
  {
    id: 37901,
    name: 'iOS Restrictions',
    description: 'Blocks unmanaged AirDrop and screen recording.',
    policyType: 'RESTRICTIONS',
    platforms: ['IOS'],
    coverage: 0.9,
  },
  {
    id: 38010,
    name: 'Android Work Profile',
    description: 'Work profile settings',
    policyType: 'ANDROID_WORK',
    platforms: ['ANDROID'],
    coverage: 1,
  },
  {
    id: 38011,
    name: 'Android Kiosk - Warehouse',
    description: 'Single-app kiosk for scanners',
    policyType: 'ANDROID_KIOSK',
    platforms: ['ANDROID'],
    kioskOnly: true,
    coverage: 1,
  },
  {
    id: 38120,
    name: 'BitLocker',
    description: 'Full-disk encryption',
    policyType: 'WINDOWS_BITLOCKER',
    platforms: ['WINDOWS_PHONE'],
    coverage: 1,
  },
  {
    id: 38121,
    name: 'Windows Defender',
    description: null,
    policyType: 'WINDOWS_DEFENDER',
    platforms: ['WINDOWS_PHONE'],
    coverage: 0.95,
  },
  {
    id: 38200,
    name: 'FileVault',
    description: 'macOS full-disk encryption',
    policyType: 'FILEVAULT',
    platforms: ['OSX'],
    coverage: 1,
  },
  { id: 38201, name: 'macOS Firewall', description: null, policyType: 'FIREWALL', platforms: ['OSX'], coverage: 0.9 },
  {
    id: 38300,
    name: 'SCEP User Certificate',
    description: 'User identity certificate from the corporate CA',
    policyType: 'SCEP',
    platforms: ['IOS', 'ANDROID', 'OSX', 'WINDOWS_PHONE'],
    coverage: 0.85,
  },
];

export interface PolicySpec {
  id: number;
  name: string;
  description: string;
  policyRuleType: string;
}

/** Compliance policies; bit i of a device's violation mask is POLICIES[i]. */
export const POLICIES: readonly PolicySpec[] = [
  {
    id: 35009,
    name: 'Compromised Devices',
    description: 'Checks for devices which are compromised.',
    policyRuleType: 'COMPROMISED',
  },
  {
    id: 35011,
    name: 'MDM / Device Administration Disabled',
    description: 'Checks for devices which do not have MDM/Device Administration Enabled.',
    policyRuleType: 'MDM_DISABLED',
  },
  {
    id: 35012,
    name: 'Out of Contact ',
    description: 'Checks for devices which have been out of contact for the specified time.',
    policyRuleType: 'OUT_OF_CONTACT',
  },
  {
    id: 35010,
    name: 'International Roaming Devices',
    description: 'Checks for devices which are currently roaming.',
    policyRuleType: 'ROAMING',
  },
  {
    id: 35013,
    name: 'Minimum OS Version',
    description: 'Checks for devices below the minimum supported OS version.',
    policyRuleType: 'OS_VERSION',
  },
  {
    id: 35014,
    name: 'Passcode Required',
    description: 'Checks for devices without a compliant passcode.',
    policyRuleType: 'PASSCODE',
  },
];
export const POLICY_BIT = {
  COMPROMISED: 0,
  MDM_DISABLED: 1,
  OUT_OF_CONTACT: 2,
  ROAMING: 3,
  OS_VERSION: 4,
  PASSCODE: 5,
} as const;

export const DEP_SERVERS = [
  { id: 198, serverName: 'Apple Business Manager - HQ', profiles: ['Corporate iPhone', 'Shared iPad', 'Mac Laptops'] },
  { id: 199, serverName: 'Apple Business Manager - Retail', profiles: ['Store iPad', 'Store iPhone'] },
] as const;

export interface Carrier {
  name: string;
  mnc: string;
  country: number;
}

/** Every carrier of every country; a device's `carrier` column is 1 + an index here (0: no SIM). */
export const CARRIERS: readonly Carrier[] = COUNTRIES.flatMap((country, index) =>
  country.carriers.map(([name, mnc]) => ({ name, mnc, country: index })),
);
