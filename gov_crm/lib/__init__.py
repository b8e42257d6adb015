"""The rules that make the product Thai and lawful, in plain Python.

Nothing here imports Odoo: the addons read their records and calendars into plain values,
call these functions, and write the results back. The package runs unchanged on any Odoo
version and on CPython 3.7 to 3.11+; its tests (``gov_crm/lib/tests``) run with plain pytest.

* :mod:`.thai_id`: national and juristic identifiers (check digit, layout, masking);
* :mod:`.be_date`: Buddhist-era dates and Thai month names;
* :mod:`.working_time`: office hours on a weekly schedule with public holidays and a time zone;
* :mod:`.intake_message`: whether a free-text message (e-mail, form, chat) may become a request;
* :mod:`.legal_clock`: the Licensing Facilitation Act's periods (s.8 documents, s.10 notices);
* :mod:`.sla`: the SLA clock of a case (deadline, at-risk instant, stopped time);
* :mod:`.kpi`: the performance figures (on-time, breach, median and p90, first contact, reopen);
* :mod:`.baht_text`: amounts in Thai words, as written on a receipt;
* :mod:`.promptpay`: the Thai QR (PromptPay bill payment) payload and its CRC;
* :mod:`.qr_code`: QR codes as PNG pictures (a payment, the link of a status page).
"""
