// Ordinary document content around the planted data: names, companies, addresses, prose.
// Plain ASCII only, so every character survives WinAnsi encoding and text extraction.
import type { Person } from './personal-data.ts'
import type { Random } from './random.ts'

const firstNames = ['Jane', 'John', 'Maria', 'David', 'Aisha', 'Wei', 'Lucas', 'Emma', 'Noah', 'Olivia', 'Liam', 'Sofia', 'Mateo', 'Priya', 'Omar', 'Hannah', 'Kenji', 'Chloe', 'Samuel', 'Grace']
const lastNames = ['Doe', 'Smith', 'Garcia', 'Miller', 'Khan', 'Chen', 'Novak', 'Brown', 'Okafor', 'Rossi', 'Schmidt', 'Dubois', 'Tanaka', 'Patel', 'Johnson', 'Larsen', 'Silva', 'Murphy', 'Cohen', 'Walker']
const companies = ['Northwind Traders', 'Contoso Ltd', 'Fabrikam Inc', 'Acme Supplies', 'Globex Corporation', 'Initech LLC', 'Umbrella Health', 'Blue Harbor Bank', 'Riverside Clinic', 'Summit Insurance']
const streets = ['Maple Avenue', 'Oak Street', 'Elm Road', 'Harbor Drive', 'Station Road', 'Kings Way', 'Cedar Lane', 'Mill Street', 'Park Place', 'Bridge Street']
const cities = ['Springfield, IL 62704', 'Portland, OR 97205', 'Austin, TX 78701', 'London SW1A 1AA', 'Manchester M1 1AE', 'Boston, MA 02108', 'Denver, CO 80202', 'Seattle, WA 98101']
const products = ['Consulting hours', 'Annual license', 'Support plan', 'Laptop stand', 'Office chair', 'Printer toner', 'Cloud storage (1 TB)', 'Training session', 'Network switch', 'Security audit']

const sentences = [
  'Thank you for your continued trust in our services over the past year.',
  'Please review the details below and let us know if anything needs to be corrected.',
  'Our records were updated after your last visit to the branch office.',
  'The quarterly review showed steady progress across all active projects.',
  'We kindly ask you to keep this document for your records.',
  'Payment is due within thirty days of the invoice date unless agreed otherwise.',
  'The committee met on Tuesday to discuss the proposed changes to the policy.',
  'All figures are reported in US dollars and rounded to the nearest cent.',
  'If you have questions, our customer team is available on weekdays from nine to five.',
  'The attached schedule lists the milestones agreed during the planning meeting.',
  'Late submissions may delay the processing of your application.',
  'This summary covers the period from January to March and excludes pending items.',
  'The survey results indicate a clear preference for the second option.',
  'Maintenance work is planned for the weekend and should not affect customers.',
  'We appreciate your patience while we complete the verification process.',
  'Further information about data protection is available on request.'
]

export function person (random: Random): Person {
  return { firstName: random.pick(firstNames), lastName: random.pick(lastNames) }
}

export function company (random: Random): string {
  return random.pick(companies)
}

export function streetAddress (random: Random): string[] {
  return [`${random.int(1, 999)} ${random.pick(streets)}`, random.pick(cities)]
}

export function product (random: Random): string {
  return random.pick(products)
}

export function paragraph (random: Random, sentenceCount: number): string {
  return Array.from({ length: sentenceCount }, () => random.pick(sentences)).join(' ')
}

/** A plausible business date in 2025 (not a birth date: the engine must not flag these). */
export function businessDate (random: Random): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  return `${random.pick(months)} ${random.int(1, 28)}, 2025`
}
