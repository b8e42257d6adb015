{
    "name": "Government Services: Buddhist-era calendar in the web client",
    "summary": "Thai users see and type dates in the Buddhist era (B.E. = C.E. + 543) in every view, "
               "date picker, chatter and grouping; values are stored as usual",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    "depends": ["web", "mail"],
    "data": [
        "views/assets.xml",
    ],
}
