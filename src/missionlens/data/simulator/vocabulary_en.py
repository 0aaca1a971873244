"""English words that fill the slots of the phrase banks, session topics and loan purposes."""

from __future__ import annotations

SLOTS: dict[str, tuple[str, ...]] = {
    "sector": (
        "bakery", "ride-hailing", "home hairdressing", "market stall", "sewing and alterations", "food truck",
        "office cleaning", "bricklaying", "beauty care", "takeaway food", "bike delivery", "jewellery making",
        "fine grocery", "landscaping", "bike repair", "photography", "catering", "second-hand goods",
        "plumbing", "dog grooming", "taxi", "house painting", "clothes retail", "African takeaway",
        "childminding", "driving school", "personal training", "fruit and vegetables", "electrical work",
        "car body repair", "flower shop", "home care", "phone repair", "pastry", "goods transport", "joinery",
    ),
    "equipment": (
        "an oven", "a second-hand van", "a stock of fabric", "a professional sewing machine",
        "a gazebo and trestles", "a salon chair", "a laptop", "a cargo bike", "a trailer", "small tools",
        "a refrigerated display", "a card terminal", "a first stock", "a cement mixer",
        "a licensed ride-hailing car", "a professional fryer", "shelves and a till", "a camera",
        "a massage table", "a scooter",
    ),
    "place": (
        "Roubaix", "Lille", "Amiens", "Saint-Denis", "Créteil", "Lyon", "Vénissieux", "Grenoble", "Marseille",
        "Nîmes", "Toulouse", "Bordeaux", "Limoges", "Strasbourg", "Mulhouse", "Rennes", "Brest", "Rouen",
        "Le Havre", "Nantes", "Angers", "Dijon", "Besançon", "Tours", "Bourges", "Aurillac", "Guéret", "Foix",
        "Montbard", "Carhaix", "Hirson", "Épinal",
    ),
    "spot": (
        "at the Saturday market", "outside her building", "in a shared workshop", "on the village square",
        "near the station", "in a shopping arcade", "at the covered market", "by the metro exit",
        "in a rented garage", "at her clients' homes", "by the business park", "on the ground floor of her home",
    ),
    "amount": (
        "€500", "€800", "€1,000", "€1,200", "€1,500", "€2,000", "€2,500", "€3,000", "€3,500", "€4,000",
        "€4,500", "€5,000", "€6,000", "€7,500", "€8,000", "€10,000", "€12,000",
    ),
    "small_amount": ("€40", "€60", "€80", "€120", "€150", "€200", "€250", "€300", "€350", "€450"),
    "months": ("two months", "three months", "four months", "six months", "eight months", "a year", "eighteen months"),
    "weeks": ("a week", "two weeks", "three weeks", "a month"),
    "count": ("three", "four", "five", "six", "eight", "ten", "twelve", "fifteen"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
    "partner": (
        "the family benefits office", "the job centre", "the town hall", "the social services",
        "the youth employment service", "the chamber of trades", "the social worker", "the bank",
        "the social security office", "the landlord", "the local initiative platform", "a volunteer accountant",
    ),
    "problem": (
        "a van breakdown", "a client who does not pay", "sick leave", "stolen equipment", "fewer customers",
        "water damage in the shop", "a separation", "a late benefits payment", "a rent increase",
        "losing the market pitch", "a tax audit", "a child in hospital", "the main building site closing",
    ),
    "feeling": (
        "relieved", "proud", "worried", "exhausted", "motivated", "calmer", "discouraged", "confident",
        "stressed", "grateful",
    ),
    "time": ("9 am", "10.30 am", "2 pm", "4 pm", "6 pm", "8.30 am"),
}

TOPICS: dict[str, tuple[str, ...]] = {
    "diagnosis": ("project", "household budget", "paperwork", "experience", "target market", "funding need",
                  "legal status", "benefits", "guarantor"),
    "pre_loan": ("financing plan", "forecast", "quotes", "insurance", "micro-enterprise status", "pricing",
                 "guarantor", "documents", "repayment schedule"),
    "follow_up": ("cash flow", "bookkeeping", "turnover", "customers", "stock", "pricing", "social security returns",
                  "insurance", "premises", "repayment schedule", "morale"),
    "training": ("bookkeeping", "digital tools", "social media", "setting prices", "social security returns",
                 "customer relations", "time management", "sales"),
    "crisis": ("late payment", "repayment schedule", "over-indebtedness", "health", "family", "cash flow",
               "payment holiday", "emergency aid"),
    "phone": ("appointment", "missing document", "installment", "reminder", "news", "paperwork question"),
    "other": ("letter", "certificate", "referral", "paperwork", "network"),
}

EDUCATION = ("no diploma", "vocational (CAP/BEP)", "upper secondary", "two-year degree", "bachelor or more")

PURPOSE = {
    "business": (
        "Purchase of {equipment} for the {sector} business.",
        "Start-up of a {sector} business: {equipment} and initial cash.",
        "Working capital, {sector} business.",
        "Growth of the {sector} business ({spot}).",
        "Takeover of a small {sector} business, needs {equipment}.",
        "{equipment} + stock, {sector} business",
        "New micro-enterprise ({sector}), purchase of {equipment}.",
        "Cash after {problem}, {sector} business.",
    ),
    "personal": (
        "Car repair to get to work.",
        "Driving licence for a job in {place}.",
        "Second-hand car, permanent job in {place} with no public transport.",
        "Vocational training, fees and travel.",
        "Scooter for shift work.",
        "Deposit and move for a job in {place}.",
        "Car repair after {problem}.",
    ),
    "honour": (
        "Honour loan alongside the microloan: {equipment}.",
        "Honour loan, quasi-equity for the {sector} business.",
        "Personal contribution for the {sector} business.",
        "Honour loan, {sector} start-up.",
    ),
}
