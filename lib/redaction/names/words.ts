// Closed word lists for names and places, in one place. All entries are fold keys (lower case,
// no accents; see fold.ts).

function set (words: string): ReadonlySet<string> {
  return new Set(words.trim().split(/\s+/))
}

/** Titles that make the capitalised words after them a person ("Dr. Roe", "Frau Müller"). */
export const titles = set(`
  mr mrs ms miss mx dr prof professor sir dame lord lady rev revd fr
  herr frau hr fr dipl ing mag
  mme mlle m mons monsieur madame mademoiselle me
  sr sra srta don dona dna senor senora senorita
  sig sigra sig.ra dott dottssa avv
  dhr mevr mw
  pan pani
  shri smt kumari
`)

// What stands right before a name and says a person follows. Each is tested on the word just
// before a capitalised run (fold keys), so the check costs a few look-ups per run.

/** Salutations: "Dear Jane Roe", "Liebe Frau Müller", "Hello, Jane". */
export const salutationWords = set(`
  dear dearest hi hello hallo hey liebe lieber liebes geehrte geehrter cher chere estimado estimada querido querida
  gentile gentilissimo gentilissima caro cara beste geachte szanowny szanowna hej kaere kara drogi droga
`)

/** Form labels and headers, followed by a colon: "Patient: Jane Roe", "cc: J. Roe", "Nom : Dupont". */
export const labelWords = set(`
  name names patient client employee applicant candidate tenant landlord lessee lessor guarantor witness insured
  policyholder beneficiary holder cardholder contact person attn attention cc bcc from to sender recipient addressee
  signed signature signatory physician doctor gp consultant surgeon nurse author requester reporter assignee owner
  spouse guardian parent kin student member passenger traveller traveler buyer seller employer manager supervisor
  interviewer referee director borrower lender debtor creditor claimant defendant plaintiff representative agent
  vorname nachname nom prenom nombre apellido apellidos nome cognome naam voornaam achternaam imie nazwisko namn navn
  efternavn fornavn surname surnames forename forenames firstname lastname middle initials
`)

/** Words that start a noun phrase, never a name ("The Billing Team", "Our Sales Manager"). */
export const determiners = set('the a an our your their his her its this that these those all every each any some no')

/** Labels that ask for a name itself; a capitalised word after one is a name even if it is also a word ("Surname: Baker"). */
export const nameLabelWords = set(`
  name surname surnames forename forenames firstname lastname vorname nachname familienname nom prenom nombre apellido
  apellidos nome cognome naam voornaam achternaam imie nazwisko namn fornamn efternamn navn fornavn efternavn etunimi sukunimi
`)

/** "Bill to:", "Ship to:", "Sold to:" on the line before a name and address. */
export const toVerbs = set('bill billed ship shipped sold deliver delivered invoice invoiced pay paid remit attention')

/**
 * Form labels after which a capitalised run is a place, whatever the lexicons say
 * ("City: Heemstede", "Place of birth: Birkerød", "Ort: Laatzen").
 */
export const placeLabelWords = set(`
  city town village place birthplace country county region province state municipality locality suburb district
  residence domicile hometown nationality ort stadt wohnort geburtsort land ville pays lieu commune ciudad pais
  localidad poblacion municipio citta paese comune luogo plaats woonplaats land miasto miejscowosc kraj stad ort
  kaupunki paikkakunta cidade localidade concelho birth origin nacimiento naissance nascita geboorteplaats urodzenia
  fodested fodelseort syntymapaikka nascimento
`)

/** Words before a compound street name that belong to it ("Östra Långgatan 60", "Alte Gasse 3"). */
export const streetPrefixWords = set(`
  ostra vastra norra sodra stora lilla store lille nordre sondre ostre vestre nieuwe oude alte neue obere untere grosse
  kleine hohe lange sankt st
`)

/** Verbs of "signed by", "prepared by", "issued to". */
export const byVerbs = set(`
  signed prepared approved reviewed submitted authorised authorized represented referred treated seen examined
  requested reported witnessed written sent countersigned issued addressed assigned delegated transferred
`)

/** Last words of a closing line; the signature follows on the next line ("Kind regards,\nJane Roe"). */
export const closingWords = set(`
  sincerely regards best cheers thanks faithfully truly grussen grussen gruss cordialement salutations saludos atentamente
  cordiali saluti groet groeten powazaniem halsning hilsen cumprimentos
`)

/** Words after which a capitalised run is a place ("moved to", "offices in"); the preposition is required. */
export const placeCuePattern = /(?:^|[^\p{L}])(?:moved|move|moving|relocated|relocating|relocate|based|lives|living|lived|live|located|born|raised|office|offices|headquartered|travel(?:l?ed|l?ing)?|flew|fly|flying|trip|journey|visit(?:ed|ing)?|stay(?:ed|ing)?|arriv(?:e|ed|ing)|reside[sd]?|residing|grew up|studied|city|town|village|capital|native|citizen|resident|deliver(?:ed|y)?|ship(?:ped)?|sent|posted|branch|branches|plant|factory|warehouse|campus|hospital|clinic|hotel|conference|meeting|held|wohnt|wohnhaft|habite|vive|abita|woont|mieszka)[ \u00A0]+(?:to|in|from|at|near|of|nach|aus|à|a|en|em|na|w|z)[ \u00A0]*$/iu

/** Prepositions before a place name; weaker than a cue, enough for an unambiguous city. */
export const placePrepositions = set('in to from near at via outside around towards across between nach aus bei à en de desde hacia a da per w z do')

/** Lower-case particles inside names and place names ("van der Berg", "de la Cruz", "Rio de Janeiro"). */
export const nameParticles = 'van|von|der|den|de|del|della|delle|dei|di|da|das|dos|do|du|la|las|los|le|les|ten|ter|zu|zur|bin|ibn|al|af|av|am|an|im|y|e|sur|upon|on'

/**
 * Company suffixes: a capitalised run containing one is an organisation, never a person
 * ("Roe & Partners GmbH", "Acme Ltd").
 */
export const organisationWords = set(`
  inc incorporated ltd limited llc llp lp plc corp corporation co company gmbh ag kg ohg ug mbh sa sas sarl sl srl spa bv nv
  oy ab asa as aps sp zoo sp.z.o.o kft group holding holdings partners associates foundation trust bank university college
  institute school hospital clinic ministry council agency authority society association club church hotel
`)

/**
 * Capitalised words that are not names but often stand next to one: weekdays, months, job
 * titles, departments, form labels, headings, document words, street and place types.
 * A run is cut at them, so "Jane Roe Chief Financial Officer" keeps "Jane Roe" and
 * "Human Resources" or "Main Menu" never becomes a name. The English frequency word list
 * (lexicons.ts) covers ordinary words; these are the ones that list lacks or that are also
 * given names in the name lexicons (e.g. "May", "June", "Sunday", "Chief").
 */
export const notNameWords = set(`
  monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz marz mai juni juli oktober dezember
  lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier avril juin juillet aout septembre octobre novembre decembre
  lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
  ceo cfo cto coo cio ciso vp svp evp md chief officer director manager head lead president chairman chair secretary treasurer
  executive assistant associate senior junior principal partner consultant analyst engineer developer architect specialist
  coordinator administrator supervisor officer representative agent advisor adviser counsel attorney clerk intern
  department dept division unit team office branch headquarters hq human resources hr finance accounting accounts payroll legal
  compliance marketing sales support operations procurement purchasing logistics engineering research development it
  customer customers client clients user users member members colleague colleagues team all everyone madam sir gentlemen
  ladies friends partners sirs valued
  invoice receipt order quotation quote statement contract agreement policy report summary minutes agenda appendix annex
  schedule exhibit section chapter article clause page table figure total subtotal amount balance tax vat net gross due
  date dates name names address addresses phone email fax tel mobile signature signed title ref reference number no id
  account iban swift bic bank payment payments terms conditions notes note description item items qty quantity price unit
  main menu home settings help login logout dashboard profile search contact us about welcome thank thanks regards
  street st road rd avenue ave boulevard blvd lane ln drive dr way court ct place pl square sq terrace close crescent
  calle avenida avda plaza paseo carrer carretera via viale piazza piazzale corso vicolo rua praca travessa alameda estrada
  rue chemin allee impasse quai chaussee ulica aleja plac osiedle strasse gasse
  highway hwy parkway pkwy plaza park gardens station airport city town county state province region district country
  north south east west northern southern eastern western central upper lower greater new old great saint st
  mr mrs ms dr prof
  product products service services solution solutions system systems software platform cloud pro plus max mini ultra
  premium standard basic enterprise edition version release update
  dear hello hi attn attention cc bcc from to subject re fwd
  patient diagnosis treatment medication hospital clinic ward doctor nurse
  christmas easter
`)

/** Cities that are also ordinary English words; named only after a place cue ("moved to Reading"). */
export const ambiguousPlaceWords = set(`
  reading bath nice mobile split orange of man most hope eagle wells deal march bury ware mold wick sale
  poole street university college commerce independence liberty
`)

/** US states, DC and territories: the two-letter code in "Springfield, IL 62704". */
export const usStateCodes = set(`
  al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd
  tn tx ut vt va wa wv wi wy dc pr gu vi as mp
`)
