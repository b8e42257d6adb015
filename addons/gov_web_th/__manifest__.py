{
    "name": "Government Services: Buddhist-era calendar in the web client",
    "summary": "Thai users see and type dates in the Buddhist era (B.E. = C.E. + 543) in every view, "
               "date picker, chatter and grouping; values are stored as usual. The web client "
               "works on a phone",
    "version": "11.0.1.0.0",
    "category": "Government",
    "license": "LGPL-3",
    "author": "Government Services back office",
    # web_responsive (OCA): the web client on a phone (app drawer, menus behind the top bar's
    # button, a form's header buttons in one action menu, kanban first on small screens).
    # It belongs with this addon, which owns how the web client looks for the agency's staff;
    # the product's own views are fitted to a phone's width in static/src/less/phone.less.
    "depends": ["web", "mail", "web_responsive"],
    "data": [
        "views/assets.xml",
    ],
    "qweb": [
        "static/src/xml/phone.xml",
    ],
}
