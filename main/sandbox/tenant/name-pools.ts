/** Text pools for generated tenants. Strings are shared between rows to keep the large tenant small. */

/** Demo customers (the MSP itself is company 0). Unicode and punctuation on purpose. */
export const DEMO_COMPANY_NAMES = [
  'Acme Corporation',
  'New Company Inc',
  'Zürich Ærø Services',
  '東京 IT 株式会社',
  'Café Müller & Söhne',
  'Bright Dental Group',
  'Harbourside Legal',
  "O'Connor Plumbing",
  'Northwind Traders',
  'Contoso Pharmacy',
  'Blue Gum Veterinary',
  'Kookaburra Cafe',
  'Smith & Jones Accountants',
  'Østergaard Arkitekter',
  'São Paulo Imports Ltda',
  'Riverbend Physio',
  'Summit Engineering',
  'Coastal Realty',
  'Greenleaf Nursery',
  'Pinnacle Finance',
  'Redfern Motors',
  'Élan Boutique',
  'Wattle & Co',
  'Mountain View School',
  'Crescent Medical Centre',
  'Bayside Bakery',
  'Atlas Logistics',
  'Horizon Travel',
  'Ironbark Builders',
  'Lotus Yoga Studio',
  'Macquarie Mortgage Brokers',
  'Nguyễn Family Dentistry',
  'Orchard Hill Winery',
  'Quantum Labs',
  'Sunrise Childcare',
  'Tidewater Marine',
  'Union Street Dental',
  'Vantage Insurance',
  'Willow Creek Farm',
  'Kraków Consulting Sp. z o.o.',
];

export const NAME_PARTS_A = [
  'Acme',
  'Apex',
  'Blue',
  'Bright',
  'Cedar',
  'Coastal',
  'Crimson',
  'Delta',
  'Eagle',
  'Evergreen',
  'Falcon',
  'Golden',
  'Granite',
  'Harbour',
  'Horizon',
  'Iron',
  'Jade',
  'Kestrel',
  'Lakeside',
  'Maple',
  'Metro',
  'Northern',
  'Oak',
  'Pacific',
  'Pioneer',
  'Quartz',
  'Red',
  'River',
  'Silver',
  'Summit',
  'Sunset',
  'Tasman',
  'Union',
  'Valley',
  'Western',
  'Zenith',
  'Zürich',
  'Café',
  'Øresund',
  '東京',
  'São',
  'Kraków',
];
export const NAME_PARTS_B = [
  'Accounting',
  'Architects',
  'Bakery',
  'Builders',
  'Clinic',
  'Consulting',
  'Dental',
  'Electrical',
  'Engineering',
  'Finance',
  'Freight',
  'Holdings',
  'Imports',
  'Insurance',
  'Legal',
  'Logistics',
  'Medical',
  'Motors',
  'Pharmacy',
  'Plumbing',
  'Property',
  'Realty',
  'Retail',
  'School',
  'Solutions',
  'Studio',
  'Systems',
  'Travel',
  'Veterinary',
  'Winery',
];
export const NAME_SUFFIXES = ['Pty Ltd', 'Inc', 'LLC', 'Ltd', 'GmbH', '& Co', 'Group', '株式会社', 'S.A.', ''];

export const CITIES: Array<[city: string, state: string, postal: string]> = [
  ['Sydney', 'NSW', '2000'],
  ['Melbourne', 'VIC', '3000'],
  ['Brisbane', 'QLD', '4000'],
  ['Perth', 'WA', '6000'],
  ['Adelaide', 'SA', '5000'],
  ['Hobart', 'TAS', '7000'],
  ['Canberra', 'ACT', '2600'],
  ['Darwin', 'NT', '0800'],
];
export const STREETS = ['George St', 'Collins St', 'Queen St', 'Hay St', 'King William St', 'Macquarie St', 'Bourke St', 'Elizabeth St'];

/** Contract names carrying the PRACBILL prefix, some with odd case / leading spaces (the client must
 *  trim and compare case-insensitively, or deliberately not). */
export const PRACBILL_CONTRACT_NAMES = [
  'PRACBILL-Managed-Services',
  'PRACBILL-Website-Hosting',
  'PRACBILL-Backup-365',
  'PRACBILL-VoIP-Lines',
  'PRACBILL-Email-Hosting',
  'PRACBILL-Security-Suite',
  'PRACBILL-Cloud-Server',
  'PRACBILL-Internet-NBN',
  'PRACBILL-Firewall-Managed',
  'PRACBILL-M365-Licences',
  'PRACBILL-Helpdesk-Unlimited',
  'PRACBILL-Printer-Fleet',
];
export const PRACBILL_ODD_NAMES = ['pracbill-Backup-365', '  PRACBILL-VoIP-Lines', 'Pracbill-Email-Hosting', ' PRACBILL-Managed-Services'];

/** Non-matching names, including near misses that a sloppy `contains` would wrongly accept. */
export const OTHER_CONTRACT_NAMES: Array<[name: string, contractType: number]> = [
  ['Block Hours 2026', 4],
  ['T&M Support', 1],
  ['T&M Project Work', 1],
  ['Retainer Agreement', 6],
  ['Project - Office Move', 3],
  ['Recurring Monitoring', 7],
  ['Managed Services (legacy)', 7],
  ['XPRACBILL-Test', 7],
  ['BILL-PRAC Hosting', 7],
  ['Per Ticket Support', 8],
  ['Block Hours 2025', 4],
];

export const SERVICE_CATALOG: Array<[name: string, price: number, cost: number]> = [
  ['Managed Workstation', 49.95, 18.5],
  ['Managed Server', 249, 95],
  ['Microsoft 365 Business Premium', 33.6, 30.25],
  ['Microsoft 365 Business Basic', 9.6, 8.4],
  ['Cloud Backup 100 GB', 29.99, 9.5],
  ['Website Hosting', 39, 12],
  ['Domain Renewal', 2.5, 1.8],
  ['VoIP Line', 19.95, 7.1],
  ['Internet NBN 100/40', 89, 62],
  ['Firewall Management', 120, 40],
  ['Endpoint Security', 7.5, 3.25],
  ['Email Filtering', 3.95, 1.2],
  ['Helpdesk Unlimited', 450, 0],
  ['Printer Fleet Care', 65.5, 20],
  ['Mobile Device Management', 6.95, 2.4],
  ['Network Monitoring', 99, 30],
  ['Dark Web Monitoring', 14.99, 5],
  ['Password Manager', 4.5, 2.75],
  ['Security Awareness Training', 8.25, 3],
  ['Offsite Backup Appliance', 175, 80],
];

export const FIRST_NAMES = ['john', 'jane', 'wei', 'priya', 'liam', 'olivia', 'noah', 'chloe', 'mateo', 'aroha', 'søren', 'yuki'];
export const LAST_NAMES = ['smith', 'nguyen', 'patel', 'brown', 'wilson', 'taylor', 'garcia', 'kim', 'oconnor', 'müller'];

export const SUMMARY_NOTES = [
  'Reset user password and unlocked account',
  'Replaced failed drive in NAS',
  'Configured new laptop for onboarding',
  'Investigated slow network performance',
  'Patched servers (monthly maintenance)',
  'Printer driver reinstalled',
  'Set up shared mailbox and permissions',
  'Migrated files to SharePoint',
  'Firewall rule change requested by client',
  'Remote support: Outlook crashing on start',
  'Backup job failure investigated and re-run',
  'VoIP handset provisioning',
  'Quarterly business review preparation',
  'Removed malware from workstation',
  'Wi-Fi access point firmware update',
  'Website DNS change and SSL renewal',
  'After-hours server restart',
  'Onsite visit: cabling and rack tidy',
];

const LONG_NOTE_BASE =
  'Detailed technician notes: ticket escalated from level 1 after the initial remote session did not resolve the issue. ' +
  'Checked event logs, driver versions, group policy results and recent Windows updates; rolled back KB update, ' +
  'rebuilt the user profile, re-mapped network drives, verified backups and documented the fix in the knowledge base. ' +
  'Client contact was informed by phone and email; follow-up scheduled for next week to confirm stability. ';

/** A few long internal notes (2–4 KB) shared by many rows. */
export const LONG_INTERNAL_NOTES = [4, 6, 9].map((n, i) => `[${i + 1}] ` + LONG_NOTE_BASE.repeat(n).trim());

export const SHORT_INTERNAL_NOTES = ['Billable per contract', 'Customer approved overtime', 'Check with account manager', 'Müller asked for itemised invoice'];
