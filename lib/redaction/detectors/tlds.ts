// Top-level domains accepted for e-mail addresses and URLs. A real suffix is what separates
// "example.com" from "e.g" or "file.txt". The list holds every ISO country code TLD, the
// original and sponsored generic ones, and the new generic TLDs seen in practice; IDN TLDs
// ("xn--...") are accepted by shape. Not the `tlds` package (every delegated TLD, about 1,450):
// it holds everyday words such as .now, .you, .read, .open and .save, which would make more dotted
// words in running text look like domains.
const countryCodes = `ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo bq br bs
bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj
fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is
it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo
mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py
qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to
tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw`

const generic = `com org net edu gov mil int arpa aero asia biz cat coop info jobs mobi museum name post pro tel travel xxx
academy accountant accountants actor adult agency airforce apartments app archi army art associates attorney auction
audio auto autos baby band bank bar bargains beer berlin best bet bible bid bike bingo bio black blackfriday blog blue
boats bond boo book boston boutique broker brussels build builders business buzz cab cafe cam camera camp capital car
cards care career careers cars casa cash casino catering center ceo charity chat cheap christmas church city claims
cleaning click clinic clothing cloud club coach codes coffee college community company compare computer condos
construction consulting contact contractors cooking cool country coupons courses credit creditcard cricket cruises
cymru dad dance data date dating day deals degree delivery democrat dental dentist design dev diamonds diet digital
direct directory discount doctor dog domains download earth eco education email energy engineer engineering
enterprises equipment estate eus events exchange expert exposed express fail faith family fan fans farm fashion film
finance financial fish fishing fit fitness flights florist flowers fly foo food football forsale foundation free fun
fund furniture futbol fyi gallery game games garden gay gift gifts gives glass global gmbh gold golf graphics gratis
green gripe group guide guitars guru hamburg health healthcare help hiphop hockey holdings holiday homes horse
hospital host hosting house how icu immo immobilien inc industries ink institute insure international investments
irish istanbul jewelry juegos kaufen kim kitchen kiwi koeln land law lawyer lease legal lgbt life lighting limited
limo link live llc llp loan loans lol london love ltd luxury madrid maison management market marketing mba media
medical meet melbourne memorial men menu miami mobile moda moe mom money monster mortgage moscow motorcycles mov movie
music navy network new news ngo ninja nyc observer off one ong onl online ooo organic page paris partners parts party
pet phd photo photography photos pics pictures pink pizza place plumbing plus poker porn press productions
promo properties property protection pub qpon quebec racing radio realestate realty recipes red rehab reise reisen
rent rentals repair report republican rest restaurant review reviews rich rip rocks rodeo rsvp rugby run sale salon
sarl school schule science security services sex sexy shiksha shoes shop shopping show singles site ski soccer social
software solar solutions soy space sport spot srl store stream studio study style sucks supplies supply support surf
surgery swiss sydney systems taipei tattoo tax taxi team tech technology tennis theater theatre tienda tips tires
today tokyo tools top tours town toys trade trading training tube university uno vacations vegas ventures vet viajes
video villas vin vip vision vlaanderen vodka vote voting voto voyage wales wang watch webcam website wedding wien wiki
win wine work works world wtf xyz yachts yoga yokohama zip zone`

const known = new Set([...countryCodes.split(/\s+/), ...generic.split(/\s+/)])

/** `label` must already be lower case. */
export function isKnownTld (label: string): boolean {
  return known.has(label) || (label.startsWith('xn--') && label.length > 5)
}

// Country codes that are also common file extensions or abbreviations ("README.md", "setup.py"):
// a bare name ending in one of them is reported with a lower score than a clear domain.
const fileLike = new Set(['md', 'py', 'rs', 'sh', 'pl', 'cs', 'ps', 'so', 'js', 'ts', 'go', 'rb', 'hs', 'ml', 'mk', 'am', 'ai', 'zip', 'mov', 'txt', 'pdf', 'doc', 'in', 'it', 'is', 'to', 'at', 'be', 'me', 'us', 'no', 'do', 'so', 'as', 'an', 'id', 'tv'])

export function isFileLikeTld (label: string): boolean {
  return fileLike.has(label)
}
