"""Word lists for the synthetic network: people's names, company names, job titles.

Plain ASCII so that e-mail addresses and LinkedIn slugs can be derived from them
without transliteration. The lists are deliberately international (the regions are
NA, EMEA, APAC and LATAM) and long enough that 2,000 people rarely share a full name.
"""

from __future__ import annotations

FIRST_NAMES: tuple[str, ...] = (
    "Aaliyah", "Aaron", "Abdul", "Abigail", "Adam", "Adaeze", "Adrian", "Ahmed", "Aisha",
    "Akira", "Alan", "Alejandro", "Alessandro", "Alex", "Alexandra", "Alice", "Alina",
    "Amara", "Amelia", "Amir", "Ana", "Anders", "Andre", "Andrea", "Andrew", "Angela",
    "Anika", "Anna", "Anthony", "Antoine", "Arjun", "Astrid", "Ava", "Ayumi", "Barbara",
    "Beatriz", "Benjamin", "Bianca", "Bjorn", "Bruno", "Camila", "Carlos", "Carmen",
    "Caroline", "Catherine", "Chen", "Chiara", "Chloe", "Chris", "Christian", "Claire",
    "Clara", "Daniel", "Daniela", "David", "Deepak", "Diana", "Diego", "Dimitri", "Dmitri",
    "Elena", "Elif", "Elijah", "Elisa", "Elizabeth", "Emeka", "Emily", "Emma", "Eric",
    "Erik", "Ethan", "Eva", "Fatima", "Felipe", "Felix", "Fernando", "Fiona", "Francesca",
    "Gabriel", "Gabriela", "George", "Giulia", "Grace", "Hana", "Hannah", "Hans", "Haruto",
    "Hassan", "Helen", "Henrik", "Hiroshi", "Hugo", "Ian", "Ibrahim", "Ines", "Ingrid",
    "Isabel", "Isabella", "Ivan", "Jack", "Jacob", "Jakub", "James", "Jan", "Javier",
    "Jennifer", "Jessica", "Jin", "Joao", "Johan", "John", "Jonas", "Jorge", "Jose",
    "Joseph", "Julia", "Julian", "Juliana", "Kai", "Karan", "Karin", "Kate", "Kavya",
    "Kenji", "Kevin", "Kofi", "Laila", "Lars", "Laura", "Leila", "Leon", "Li", "Liam",
    "Lina", "Lucas", "Lucia", "Luis", "Luka", "Maja", "Malik", "Marco", "Maria", "Mariana",
    "Mark", "Marta", "Mateo", "Matthew", "Max", "Maya", "Mei", "Mia", "Michael", "Michelle",
    "Miguel", "Mohammed", "Naomi", "Natalia", "Nathan", "Neha", "Nia", "Nicolas", "Nikhil",
    "Nina", "Noah", "Nora", "Olga", "Oliver", "Olivia", "Omar", "Oscar", "Pablo", "Paolo",
    "Patrick", "Paul", "Pedro", "Peter", "Pierre", "Priya", "Rafael", "Rahul", "Rania",
    "Raquel", "Ravi", "Rebecca", "Ricardo", "Robert", "Rohan", "Rosa", "Ryan", "Sakura",
    "Samuel", "Sara", "Sarah", "Sean", "Sebastian", "Sergio", "Shreya", "Simon", "Sofia",
    "Sophie", "Stefan", "Sunil", "Takeshi", "Tanvir", "Thomas", "Tiago", "Tomas", "Uma",
    "Valentina", "Victor", "Vikram", "Wei", "William", "Xin", "Yara", "Yasmin", "Yuki",
    "Yusuf", "Zainab", "Zara", "Zoe",
)

LAST_NAMES: tuple[str, ...] = (
    "Abe", "Adeyemi", "Agarwal", "Ahmed", "Alvarez", "Andersen", "Anderson", "Bakker",
    "Banerjee", "Barbosa", "Becker", "Bennett", "Bernard", "Bianchi", "Brown", "Brunner",
    "Campbell", "Carter", "Castillo", "Chandra", "Chen", "Cho", "Clarke", "Collins", "Costa",
    "Cruz", "Das", "Davies", "Davis", "DeLuca", "Diaz", "Dubois", "Dupont", "Edwards",
    "Eriksson", "Evans", "Fernandes", "Fernandez", "Fischer", "Fitzgerald", "Fontaine",
    "Foster", "Fujita", "Garcia", "Gomez", "Gonzalez", "Graham", "Gupta", "Haddad", "Hall",
    "Hansen", "Harris", "Hassan", "Hayashi", "Hernandez", "Hoffmann", "Hughes", "Ibrahim",
    "Inoue", "Ivanova", "Jackson", "Jansen", "Jensen", "Johansson", "Johnson", "Jones",
    "Kang", "Kapoor", "Kato", "Keller", "Khan", "Kim", "Klein", "Kobayashi", "Koch",
    "Kowalski", "Kumar", "Larsen", "Laurent", "Lee", "Lefebvre", "Lewis", "Li", "Lim",
    "Lindqvist", "Liu", "Lopez", "Lund", "Martin", "Martinez", "Matsumoto", "Mehta",
    "Mendes", "Meyer", "Miller", "Mitchell", "Moreau", "Moreno", "Morris", "Muller",
    "Murphy", "Nakamura", "Nguyen", "Nielsen", "Novak", "Nowak", "Obi", "OBrien", "Okafor",
    "Okonkwo", "Oliveira", "Olsen", "Ortiz", "Osei", "Park", "Patel", "Perez", "Peters",
    "Petrov", "Phillips", "Popescu", "Price", "Ramirez", "Rao", "Reddy", "Reyes", "Ribeiro",
    "Richter", "Rivera", "Roberts", "Robinson", "Rodrigues", "Rodriguez", "Romano", "Rossi",
    "Russo", "Saito", "Sanchez", "Santos", "Sato", "Schmidt", "Schneider", "Schulz",
    "Scott", "Shah", "Sharma", "Silva", "Singh", "Smith", "Sousa", "Stewart", "Suzuki",
    "Svensson", "Takahashi", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Tran",
    "Turner", "Vargas", "Varga", "Verma", "Visser", "Wagner", "Walker", "Wang", "Watanabe",
    "Weber", "White", "Williams", "Wilson", "Wong", "Wright", "Wu", "Xu", "Yamamoto",
    "Yang", "Yilmaz", "Young", "Zhang", "Zhao", "Zhou", "Zimmermann",
)

# Company names are "<prefix><root>" plus an industry word: "Bluepeak Logistics".
COMPANY_PREFIXES: tuple[str, ...] = (
    "Acme", "Alder", "Alpen", "Amber", "Apex", "Arbor", "Argo", "Ash", "Aster", "Atlas",
    "Aurora", "Azure", "Beacon", "Birch", "Black", "Blue", "Bold", "Bright", "Brook",
    "Cedar", "Clear", "Cobalt", "Copper", "Coral", "Crest", "Crimson", "Crystal", "Delta",
    "Ember", "Emerald", "Falcon", "Fern", "Firth", "Fox", "Frontier", "Glacier", "Gold",
    "Granite", "Green", "Grey", "Harbor", "Hawk", "Helix", "High", "Horizon", "Indigo",
    "Iron", "Ivy", "Jade", "Juniper", "Keystone", "Lake", "Lark", "Linden", "Lumen",
    "Maple", "Marble", "Meadow", "Mesa", "Meridian", "Mill", "Nimbus", "Noble", "North",
    "Nova", "Oak", "Ocean", "Onyx", "Orbit", "Orchid", "Pacific", "Pine", "Pioneer",
    "Polar", "Prairie", "Prism", "Quarry", "Quill", "Raven", "Red", "Ridge", "River",
    "Rock", "Sage", "Salt", "Sand", "Sapphire", "Scarlet", "Shore", "Silver", "Sky",
    "Slate", "Solar", "Spruce", "Star", "Stone", "Storm", "Summit", "Sun", "Swift",
    "Terra", "Thistle", "Tide", "Timber", "True", "Tundra", "Union", "Valley", "Vantage",
    "Velvet", "Vertex", "Violet", "Vista", "West", "Willow", "Wind", "Wolf", "Zenith",
)

COMPANY_ROOTS: tuple[str, ...] = (
    "", "bay", "bridge", "brook", "field", "ford", "gate", "hill", "line", "mark", "peak",
    "point", "port", "stone", "vale", "view", "wave", "wood", "works", "wright",
)

INDUSTRY_WORDS: dict[str, tuple[str, ...]] = {
    "software": ("Software", "Labs", "Systems", "Cloud", "Data", "AI", "Technologies"),
    "fintech": ("Pay", "Capital", "Finance", "Ledger", "Money", "Payments", "Credit"),
    "healthcare": ("Health", "Care", "Medical", "Clinics", "Bio", "Therapeutics", "Diagnostics"),
    "manufacturing": ("Industries", "Manufacturing", "Components", "Machining", "Materials",
                      "Fabrication", "Robotics"),
    "retail": ("Retail", "Stores", "Market", "Goods", "Outfitters", "Supply", "Brands"),
    "logistics": ("Logistics", "Freight", "Shipping", "Transport", "Cargo", "Fleet", "Couriers"),
    "education": ("Learning", "Academy", "Education", "Schools", "Tutoring", "Institute",
                  "Campus"),
    "energy": ("Energy", "Power", "Solar", "Renewables", "Utilities", "Grid", "Wind"),
    "media": ("Media", "Studios", "Publishing", "Broadcasting", "Creative", "Press", "Films"),
    "consulting": ("Consulting", "Partners", "Advisory", "Group", "Associates", "Strategy",
                   "Solutions"),
}

REGION_TLDS: dict[str, tuple[str, ...]] = {
    "NA": ("com", "com", "com", "io", "co"),
    "EMEA": ("com", "co.uk", "de", "fr", "nl", "eu", "se"),
    "APAC": ("com", "com.au", "co.jp", "sg", "in", "io"),
    "LATAM": ("com", "com.br", "com.mx", "cl", "co"),
}

# Job functions and the title ladder within each. Index = Seniority order
# (ic, manager, director, vp, cxo); the c-level title belongs to the function.
TITLE_LADDER: dict[str, tuple[tuple[str, ...], ...]] = {
    "engineering": (
        ("Software Engineer", "Senior Software Engineer", "Staff Engineer", "Data Engineer",
         "QA Engineer", "DevOps Engineer"),
        ("Engineering Manager", "Senior Engineering Manager"),
        ("Director of Engineering", "Director of Platform Engineering"),
        ("VP of Engineering",),
        ("Chief Technology Officer",),
    ),
    "product": (
        ("Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher"),
        ("Group Product Manager", "Design Manager"),
        ("Director of Product", "Director of Design"),
        ("VP of Product",),
        ("Chief Product Officer",),
    ),
    "sales": (
        ("Account Executive", "Sales Development Representative", "Solutions Consultant",
         "Enterprise Account Executive"),
        ("Sales Manager", "Regional Sales Manager"),
        ("Director of Sales", "Director of Business Development"),
        ("VP of Sales",),
        ("Chief Revenue Officer",),
    ),
    "marketing": (
        ("Marketing Specialist", "Content Marketing Manager", "Growth Marketer",
         "Product Marketing Manager"),
        ("Marketing Manager", "Demand Generation Manager"),
        ("Director of Marketing", "Director of Communications"),
        ("VP of Marketing",),
        ("Chief Marketing Officer",),
    ),
    "finance": (
        ("Financial Analyst", "Accountant", "Senior Accountant", "FP&A Analyst"),
        ("Finance Manager", "Controller"),
        ("Director of Finance",),
        ("VP of Finance",),
        ("Chief Financial Officer",),
    ),
    "operations": (
        ("Operations Analyst", "Operations Specialist", "Procurement Specialist",
         "Supply Chain Analyst"),
        ("Operations Manager", "Procurement Manager"),
        ("Director of Operations",),
        ("VP of Operations",),
        ("Chief Operating Officer",),
    ),
    "customer_success": (
        ("Customer Success Manager", "Support Engineer", "Implementation Specialist"),
        ("Customer Success Team Lead", "Support Manager"),
        ("Director of Customer Success",),
        ("VP of Customer Success",),
        ("Chief Customer Officer",),
    ),
    "people": (
        ("HR Generalist", "Recruiter", "Talent Partner"),
        ("HR Manager", "Talent Acquisition Manager"),
        ("Director of People",),
        ("VP of People",),
        ("Chief People Officer",),
    ),
    "it": (
        ("IT Specialist", "Systems Administrator", "Security Analyst"),
        ("IT Manager", "Security Manager"),
        ("Director of IT", "Director of Information Security"),
        ("VP of IT",),
        ("Chief Information Officer",),
    ),
    "legal": (
        ("Legal Counsel", "Paralegal", "Compliance Analyst"),
        ("Senior Counsel", "Compliance Manager"),
        ("Director of Legal",),
        ("Deputy General Counsel",),
        ("General Counsel",),
    ),
}

FUNCTION_WEIGHTS: dict[str, float] = {
    "engineering": 22, "product": 7, "sales": 16, "marketing": 9, "finance": 8,
    "operations": 14, "customer_success": 9, "people": 5, "it": 6, "legal": 4,
}

CEO_TITLES: tuple[str, ...] = ("Chief Executive Officer", "Founder & CEO", "Co-founder & CEO")

# Our own sales team (the reps): (title, seniority index).
REP_TITLES: tuple[tuple[str, int], ...] = (
    ("Account Executive", 0),
    ("Senior Account Executive", 0),
    ("Enterprise Account Executive", 0),
    ("Account Manager", 0),
    ("Sales Development Representative", 0),
    ("Sales Manager", 1),
)

OWN_COMPANY_NAME = "Northwind Referrals"
OWN_COMPANY_DOMAIN = "northwindreferrals.com"
