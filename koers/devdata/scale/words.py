"""The words the national-scale data is made of (koers.devdata.scale): fictional people and colleges, plausible titles.

Lists are written as "a; b; c" so that they stay compact. The people are fictional: no names from the seed texts.
"""


def words(text: str) -> list[str]:
    return [word.strip() for word in text.split(";") if word.strip()]


# Fictional colleges: a made-up name in a real town ("Koerscollege Almere").
CITIES = words(
    "Almere; Lelystad; Assen; Hoorn; Den Helder; Purmerend; Hilversum; Gouda; Delft; Schiedam; Spijkenisse; "
    "Middelburg; Bergen op Zoom; Roosendaal; Oss; Uden; Weert; Venlo; Sittard; Maastricht; Kerkrade; Harderwijk; "
    "Zutphen; Almelo; Enschede; Hardenberg; Meppel; Hoogeveen; Sneek; Drachten; Heerenveen; Stadskanaal; Veendam; "
    "Winschoten; Delfzijl; Emmeloord; Kampen; Barneveld; Veenendaal; Woerden; Nieuwegein; Zeist; "
    "Alphen aan den Rijn; Katwijk; Zoetermeer; Rijswijk; Capelle aan den IJssel; Gorinchem; Terneuzen; Waalwijk; "
    "Oosterhout; Etten-Leur; Valkenswaard; Winterswijk; Culemborg; Wageningen; Nijkerk; Hengelo; Dronten; Tholen"
)
# (kind, name prefix, weight)
INSTITUTION_KINDS = [
    ("roc", "Koerscollege", 6),
    ("aoc", "Groen Koerscollege", 2),
    ("vakinstelling", "Vakschool Koers", 2),
]

FIRST_NAMES = words(
    "Aafke; Abdel; Anna; Arjen; Bart; Berend; Bo; Carlijn; Chris; Cor; Dewi; Dirk; Dorien; Elif; Els; Emma; Erik; "
    "Esther; Evert; Fatima; Femke; Floor; Gert-Jan; Gijs; Hamza; Hanna; Hester; Huib; Ilona; Inge; Iris; Jaap; "
    "Jan-Willem; Jeroen; Joost; Julia; Kees; Kim; Koen; Laura; Lieke; Luuk; Maarten; Marieke; Mark; Marloes; Meryem; "
    "Mohamed; Naima; Nienke; Niels; Noor; Olga; Pim; Priya; Quinten; Rachid; Renske; Rik; Roos; Ruud; Sabine; "
    "Sander; Sara; Sem; Sven; Tamara; Thijs; Tim; Tessa; Ulrike; Vera; Wouter; Yara; Yusuf; Zeynep; Zoë; Ahmet; "
    "Bianca; Stijn"
)
NAME_PREFIXES = ["", "", "", "", "", "van", "de", "van der", "van den", "ter", "van de"]
LAST_NAMES = words(
    "Aydin; Beekman; Bergsma; Blom; Boersma; Bosman; Brouwer; Claassen; Dekkers; Dijkman; Doornbos; Driessen; Evers; "
    "Faber; Geerts; Groen; Haan; Hartman; Heijnen; Hermans; Hoekman; Holwerda; Huisman; Jansma; Jonker; Kaya; "
    "Kloosterman; Koopman; Kramer; Lammers; Leeuwenburg; Linden; Meijering; Molenaar; Mulders; Nijhuis; Noordhoek; "
    "Oosterveld; Peeters; Post; Prins; Reijnders; Ritsema; Roelofs; Rutten; Schipper; Scholten; Sedney; Sluiter; "
    "Smits; Snijders; Stam; Steenbergen; Terpstra; Timmer; Tromp; Veenstra; Verbeek; Verhoeven; Verschoor; Visscher; "
    "Vink; Vreeman; Wagenaar; Wijnands; Willemsen; Wolters; Zwart; El Amrani; Öztürk; Pinas; Tjon; Nguyen; Haddou; "
    "Bouali; Graaf; Berg; Wal; Heuvel; Brink"
)
JOB_TITLES = words(
    "Informatiemanager; Informatiemanager; Informatiemanager; Adviseur informatiemanagement; Enterprise-architect; "
    "Informatieanalist; Functioneel beheerder; Privacy officer; CISO; Teamleider ICT; Manager bedrijfsvoering; "
    "Projectleider digitalisering; Data-analist; Adviseur onderwijslogistiek; Business analist; Procesmanager; "
    "Hoofd ICT"
)

# A third agenda: 5,000 ambitions need more themes than the fifteen of the demo (one per institution and theme).
EXTRA_AGENDA = ("Netwerkagenda informatiemanagement 2024-2030", "netwerkagenda-im", 2024, 2030)
EXTRA_THEMES = {
    "Fundament": words(
        "Informatiebeveiliging; Privacy en AVG; Identity- en accessmanagement; Cloudstrategie; "
        "Netwerk en connectiviteit; Digitale werkplek; Applicatierationalisatie; Architectuur en standaarden; "
        "Leveranciersmanagement; Continuïteit en uitwijk; Archivering; Digitale toegankelijkheid; Duurzame ICT; "
        "Masterdata"
    ),
    "Onderwijs": words(
        "Examinering en diplomering; Beroepspraktijkvorming; Keuzedelen; Hybride onderwijs; Studentbegeleiding; "
        "Taal en rekenen digitaal; Open leermaterialen; Praktijkleren met simulaties; Inclusief onderwijs; "
        "Studiekeuze en intake; Generatieve AI in de les; Micro-credentials"
    ),
    "Bedrijfsvoering": words(
        "Studentadministratie; Roosteren en planning; Business intelligence; Procesmanagement; Zaakgericht werken; "
        "Financiële informatievoorziening; HR-informatievoorziening; Inkoop en contractbeheer; "
        "Huisvesting en facilitair; Kwaliteitszorg en verantwoording"
    ),
    "Samenwerking": words(
        "Regionale samenwerking; Ketensamenwerking met het bedrijfsleven; Gegevensuitwisseling in de keten; "
        "Sectorbrede inkoop; Kennisdeling in het netwerk; Doorlopende leerlijnen vo-mbo-hbo; Internationalisering; "
        "Open data; Benchmarking; Digitale geletterdheid medewerkers; Innovatiewerkplaatsen; "
        "Ethiek en digitalisering"
    ),
}

# Projects are "<action> <object>", unique within their college.
PROJECT_ACTIONS = words(
    "Invoering; Vervanging; Doorontwikkeling; Pilot; Verkenning; Implementatie; Optimalisatie; Migratie; "
    "Herinrichting; Evaluatie; Aanbesteding; Uitrol; Koppeling; Standaardisatie; Harmonisatie; Professionalisering; "
    "Borging; Inventarisatie; Ontwerp; Modernisering; Centralisering; Automatisering; Herijking; Opschaling; "
    "Vernieuwing; Integratie; Beveiliging; Ontsluiting; Programma; Quickscan"
)
PROJECT_OBJECTS = words(
    "studentinformatiesysteem; roosterapplicatie; leeromgeving; datawarehouse; dashboard studiesucces; "
    "examenplanning; BPV-administratie; identiteitenbeheer; digitale werkplek; wifi-netwerk; toetsplatform; "
    "leermiddelenketen; OOAPI-koppeling; LLO-portaal; studentportaal; docentenportaal; zaakgericht werken; "
    "archiefbeheer; contractbeheer ICT; servicedesk; CMDB; informatiebeveiligingsbeleid; privacyregister; "
    "AVG-processen; datakwaliteit; masterdata; BI-rapportages; learning analytics; verzuimregistratie; "
    "intake en aanmelding; diplomering; keuzedelen; flexibele leerroutes; modulair aanbod; e-portfolio; "
    "studentdossier; digitale handtekening; hybride lokalen; AV-middelen; XR-lab; AI-richtlijn; "
    "chatbot studentvragen; cloudmigratie; netwerkarchitectuur; applicatielandschap; API-platform; integratielaag; "
    "documentmanagement; HR-systeem; financieel systeem; inkoopproces; licentiebeheer; printomgeving; "
    "mobiele devices; samenwerkingsomgeving; procesarchitectuur; referentiearchitectuur; digitale toegankelijkheid; "
    "website; klantcontactcentrum"
)
PROJECT_PURPOSES = words(
    "minder handwerk en betrouwbaardere gegevens; een flexibeler onderwijsaanbod; betere sturing op studiesucces; "
    "voldoen aan de AVG en het normenkader IBP; lagere beheerkosten; één bron voor studentgegevens; "
    "betere aansluiting op de sector; meer regie op leermiddelen; snellere dienstverlening aan studenten; "
    "minder uitval in het eerste jaar; toekomstvaste koppelingen met open standaarden"
)

PLAN_VERBS = words(
    "Gezamenlijke aanpak; Landelijke verkenning; Kennisdeling; Referentiemodel; Handreiking; Collectieve inkoop; "
    "Pilot met drie instellingen; Benchmark; Leergang; Standaard afspraken"
)
# The reference list by kind; principles to phase out or advise against are in BAD_PRACTICES.
REFERENCE_ENTRIES = {
    "standaard": words(
        "OpenID Connect voor nieuwe koppelingen; SAML 2.0 voor bestaande koppelingen; LTI 1.3 voor leermiddelen; "
        "QTI voor toetsvragen; Edukoppeling; API-strategie voor de overheid; Toegankelijkheid volgens WCAG 2.1 AA; "
        "SCIM voor accountprovisioning; Caliper voor leeractiviteiten; Open Badges voor micro-credentials; "
        "ELM voor leerresultaten; iCalendar voor roosters; Uitwisselprofiel BPV; Uitwisselprofiel examinering; "
        "Uitwisselprofiel intake"
    ),
    "afspraak": words(
        "Basisprofiel educatieve contentketen; Privacyconvenant digitale onderwijsmiddelen; "
        "Model verwerkersovereenkomst; Normenkader informatiebeveiliging en privacy; Exitstrategie in elk contract; "
        "Gezamenlijke aanbesteding studentinformatiesysteem; Verwerkingsregister in één tool; "
        "Jaarlijkse penetratietest; Phishing-oefeningen voor medewerkers; Back-ups volgens 3-2-1; "
        "Logging naar een centrale SIEM; Gegevenswoordenboek mbo; Architectuurraad per instelling; "
        "Energiezuinige datacenters"
    ),
    "product": words(
        "Landelijke dienst voor diplomaregistratie; Sectorbrede federatieve inlog; Gedeelde toetsbank mbo; "
        "Sectorbreed datawarehouse; Gedeelde servicedesk-kennisbank; Gedeeld leermiddelenplatform; "
        "Landelijk aanbodregister; Gedeelde BPV-registratie"
    ),
    "principe": words(
        "Cloud, tenzij; Eén bron, meervoudig gebruik; Data bij de bron; Privacy by design; Security by design; "
        "Open, tenzij; Portfoliomanagement met drie horizonnen; Productowner per kernsysteem; "
        "Open source waar het kan; CSV-uitwisseling roosters; Eigen maatwerk studentportaal; Losse Excel-roosters; "
        "Wachtwoorden zonder tweede factor; Gedeelde beheeraccounts; Koppelingen via schermscraping; "
        "Lokale servers in leslokalen; Eigen e-mailservers; Documenten delen via persoonlijke accounts"
    ),
}
BAD_PRACTICES = set(
    words(
        "CSV-uitwisseling roosters; Eigen maatwerk studentportaal; Losse Excel-roosters; "
        "Wachtwoorden zonder tweede factor; Gedeelde beheeraccounts; Koppelingen via schermscraping; "
        "Lokale servers in leslokalen; Eigen e-mailservers; Documenten delen via persoonlijke accounts"
    )
)

MONTHS = words("januari; februari; maart; april; mei; juni; juli; augustus; september; oktober; november; december")
MEETING_KINDS = [
    ("Netwerkbijeenkomst", 5),
    ("Werksessie", 3),
    ("Regiobijeenkomst", 2),
    ("Webinar", 2),
    ("Kennissessie", 2),
]
DOMSTAD = ("Domstad", "Koningsweg 136, Utrecht")
# (kind, title, minutes): the first opens every meeting, lunch is index 6, one of the last two closes it.
AGENDA_ROWS = [
    ("mededelingen", "Welkom en mededelingen", 30),
    ("presentatie", "Stand van zaken Npuls", 45),
    ("presentatie", "Nieuws van MBO Digitaal, SURF en Kennisnet", 30),
    ("casus", "Casus uit een instelling", 45),
    ("workshop", "Workshop", 75),
    ("ronde_tafel", "Ronde tafels", 90),
    ("lunch", "Lunch", 45),
    ("rondvraag", "Rondvraag", 20),
    ("afsluiting", "Afsluiting en borrel", 30),
]
STATEMENTS = words(
    "Wat betekent dit voor jouw instelling?; Wat heb je nodig van het netwerk?; Wat pak je als eerste aan?; "
    "Waar loop je tegenaan?; Wat kunnen we samen oppakken?; Welke afspraken maken we?; "
    "Hoe betrek je het onderwijs erbij?; Wat leveren de standaarden je op?"
)
CARD_TEXTS = words(
    "Begin klein en deel wat werkt.; Zonder bestuurlijk draagvlak blijft het papier.; "
    "De basis moet eerst op orde zijn.; Samen inkopen scheelt geld en gedoe.; Maak het concreet met een casus.; "
    "Docenten vroeg betrekken.; Een gedeelde roadmap helpt bij prioriteren.; Kleine scholen kunnen meeliften.; "
    "Data-eigenaarschap beleggen bij de bedrijfsvoering.; Standaarden in elke aanbesteding opnemen.; "
    "Leveranciers samen aanspreken.; Tijd vrijmaken voor kennisdeling."
)

POLL_SUBJECTS = words(
    "de ICT-monitor; OOAPI; het meerjarenplan; de referentielijst; de netwerkbijeenkomsten; Npuls; generatieve AI; "
    "informatiebeveiliging; het studentinformatiesysteem; roosteren; leermiddelen; examinering; de BPV-registratie; "
    "open data; datagedreven sturing; digitale toegankelijkheid"
)
# A quick poll asks one of these (kind, text, options); a survey two to five of SURVEY_QUESTIONS.
QUICK_QUESTIONS = [
    ("een", "Wat vind je van {s}?", ["Goed plan", "Eerst onderzoeken", "Niet doen"]),
    ("meer", "Wat moet er gebeuren met {s}?", ["Afspraken maken", "Samen inkopen", "Kennis delen", "Niets"]),
    ("rangorde", "Wat is het belangrijkst bij {s}?", ["Kosten", "Privacy", "Gemak", "Snelheid"]),
]
SURVEY_QUESTIONS = [
    ("een", "Hoe staat jouw instelling ervoor met {s}?", ["Voorloper", "Op schema", "Achter", "Weet ik niet"]),
    (
        "meer",
        "Welke onderdelen van {s} zijn voor jou belangrijk?",
        ["Beleid", "Techniek", "Processen", "Mensen", "Geld"],
    ),
    ("schaal", "Hoe tevreden ben je over {s}?", []),
    ("open", "Wat wil je het netwerk meegeven over {s}?", []),
    ("rangorde", "Zet de aanpak van {s} op volgorde van voorkeur.", ["Samen", "Per regio", "Per instelling", "Later"]),
    ("een", "Neemt jouw instelling deel aan {s}?", ["Ja", "Nee", "Nog niet besloten"]),
    ("schaal", "Hoe belangrijk is {s} voor jouw instelling?", []),
]
OPEN_TEXTS = words(
    "Meer tijd voor kennisdeling.; Graag concrete voorbeelden uit andere instellingen.; Eerst de basis op orde.; "
    "Betrek het onderwijs eerder.; Sluit aan bij Npuls.; Maak keuzes en houd ze vast.; Prima zo.; "
    "Minder vergaderen, meer doen.; Kijk naar de kleine instellingen.; Goede stap, ga door."
)
SURVEY_SERVICES = words(
    "Leeromgeving; Studentinformatiesysteem; Roosterapplicatie; Toetsplatform; Samenwerkingsomgeving; Datawarehouse"
)

ADVICE_SUBJECTS = words(
    "een gezamenlijke aanpak voor; kaders voor; een sectorbrede afspraak over; de invoering van; "
    "een landelijke voorziening voor; gezamenlijke inkoop van; een handreiking voor; de herijking van"
)
COMMENT_SENTENCES = words(
    "Goed voorstel.; Neem ook toegankelijkheid mee.; Hoe past dit bij Npuls?; Wij lopen hier ook tegenaan.; "
    "Graag een voorbeeld uit een kleine instelling.; Wat kost dit per instelling?; Eens met de conclusie.; "
    "Ik mis de rol van de leveranciers.; Dank voor het heldere verslag.; Kunnen we dit in de regio oppakken?; "
    "Bij ons werkt dit al een jaar goed.; Let op de privacy-aspecten.; Wie neemt hierin het voortouw?; "
    "Ik help graag mee.; Dit sluit aan bij onze roadmap.; Kan dit ook voor het hbo?; De planning lijkt me krap.; "
    "Sterk punt over de basis op orde.; Zijn de slides ergens te vinden?; "
    "Volgende keer graag meer tijd voor de ronde tafels.; Ik deel onze aanpak graag.; Mooi dat dit er komt."
)
NOTIFICATION_SUBJECTS = {
    "polls": "Nieuwe peiling: {title}",
    "meetings": "Nieuwe bijeenkomst: {title}",
    "advice": "{title}: nu ‘{status}’",
    "comments": "Nieuw antwoord bij {title}",
}
