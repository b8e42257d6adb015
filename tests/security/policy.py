"""The expected access policy: who may do what to which records, one row per model.

Roles (the users the suite creates, see world.py):
  front_desk       counter staff (group Front desk)
  officer_a        officer of department A
  officer_b        officer of department B, hearing officer (prepares B's public hearings)
  supervisor       supervisor (manager and member) of department A
  service_manager  service manager (two-factor login)
  privacy_officer  privacy officer, Personal data (two-factor login)
  internal         internal user without a government role
  cashier          cashier (takes payments, issues official receipts; implied by no other role)
  clerk            registry clerk (group Registry clerk)
  secret_keeper    keeper of the secret registers
  signer           letter signer, with a signing certificate
  portal           portal citizen P, applicant of request R_P
  anonymous        no login at all (checked over HTTP in test_anonymous.py)

Probe records (world.py): persons P (the portal citizen), Q (another citizen, applicant
of R_A and R_B) and G (an agency with a webhook); departments A and B; requests R_A
(routed to A), R_B (routed to B), R_P (P's own, routed to A) with their steps, documents,
notices (and their copies to OPDC, COPY_A and COPY_B) and cases C_A, C_B, C_P; R_T, Q's request
by e-mail waiting in triage, and TRIAGE_WIZ, the front desk's dialog confirming it (with Q's ID); C_X a
confidential case of A with no request; T_B a transfer of C_B; questions to the applicant
asked by C_A, C_B, C_P and C_X (QUEST_*);
fees (oss_payment): SVC_F a service with a fixed fee and a rate FEE_RATE, EXEMPT an exemption,
requests R_F (Q's) and R_PF (P's) routed to A with their payment requests PR_F, PR_PF, a partial
cash payment of each (PAY_F, PAY_PF) taken by the cashier with its receipt (RCPT_F, RCPT_PF), the
cashier's day CLOSE, the receipt counter COUNTER, a bank statement STMT with an unmatched line
STMT_LINE; messages, notifications, followers, an activity, tracking values, queued mail (MAIL_Q
queued by the system, MAIL_OWN by officer A) and attachments of those records; a file on
person Q's record (ATT_Q; the access export itself is streamed, never stored: see
test_personal_data_paths.py). T_B moved C_B from A to B. LIFE_EVENT and DATASET, a life
event and an open dataset of the public catalogue; PUB_PERF_* and PUB_BACKLOG_*, published
figures of departments A and B. HEARING_A and HEARING_B, open public hearings of A and B, each with
a question and a choice (QUESTION_*, OPTION_*), one response (RESP_*) with its written answer
(ANSWER_*), a theme (THEME_*); FOLLOWER_A, Q following HEARING_A; OTP, a one-time code.
Letters (gov_saraban): L_A a draft of department A that the signer signs, L_B one of department B,
L_S a secret letter of A with officer B as its named reader and the signer as its signer; their
enclosures E_A and E_S with files ATT_LA and ATT_LS; the general and the secret register REG and
REG_S; the signer's certificate CERT; a trusted authority TR; LOG_S an opening of L_S.
Jobs (queue_job): JOB_NOTICE a failed notice job of R_A (channel root.gov_notice, with its
traceback), JOB_OTHER a done job of R_A in another channel.

Each row gives, per operation, the probes a role may reach:
  read    search, read, read_group and export_data see exactly these probes
  write   write (of the field named in WRITE_FIELDS, with its current value) succeeds
          on exactly these probes
  unlink  the access check of unlink passes on exactly these probes (refused ones are
          really attempted)
  create  the roles that may create a record (with the values of world.create_values)
ALL means every probe of the model, NONE no probe. A role missing from an operation's
mapping may do none of it. ``create: None`` marks models whose records are never
created directly (SQL views, logs written by the system, records created through an
action of another model); their create is still checked to be refused to everyone but
the administrators where the row says ``create_refused: True``.
"""

ROLES = ("front_desk", "officer_a", "officer_b", "supervisor", "service_manager",
         "privacy_officer", "internal", "portal", "cashier", "clerk", "secret_keeper", "signer")
STAFF = ("front_desk", "officer_a", "officer_b", "supervisor", "service_manager", "privacy_officer")
GOV_ROLES = STAFF
SARABAN = ("clerk", "secret_keeper", "signer")
INTERNAL = STAFF + ("internal", "cashier") + SARABAN
ALL = "ALL"
NONE = frozenset()

# what a scope means, in words (docs/SECURITY.md is written from these)
REQUESTS_A = {"R_A", "R_P"}
# what the cashier reads of the request to take its payment: the requests, not the cases
CASHIER_QUESTIONS = {"QUEST_A", "QUEST_B", "QUEST_P"}


def everyone(roles, scope=ALL):
    return {role: scope for role in roles}


def only(**scopes):
    return dict(scopes)


POLICY = {
    # ------------------------------------------------------------------ gov_crm
    "res.partner": {
        "probes": ["P", "Q", "G"],
        "read": dict(everyone(INTERNAL), portal={"P"}),
        "write": everyone(STAFF),
        "create": ["front_desk", "service_manager"],
        "unlink": only(service_manager=ALL),
        "scope": "staff: every person (identifiers masked outside Personal data); portal: themselves",
    },
    "gov.department": {
        "probes": ["DEPT_A", "DEPT_B"],
        "read": everyone(INTERNAL),
        "write": only(service_manager=ALL),
        "create": ["service_manager"],
        "unlink": only(service_manager=ALL),
        "scope": "every internal user reads the departments; service managers run them",
    },
    "gov.consent": {
        "probes": ["CONS_Q", "CONS_P"],
        "read": everyone(STAFF),
        "write": only(front_desk=ALL, service_manager=ALL, privacy_officer=ALL),
        "create": ["front_desk", "service_manager", "privacy_officer"],
        "unlink": only(privacy_officer=ALL),
        "scope": "staff read lawful bases; the front desk records and withdraws them; the privacy officer deletes",
    },
    "gov.privacy.log": {
        "probes": ["LOG_Q"],
        "read": only(privacy_officer=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "privacy officer only; written by the system",
    },
    "gov.province": {"probes": ["PROVINCE"], "read": everyone(INTERNAL), "write": {}, "create": [],
                     "unlink": {}, "scope": "reference data read by internal users"},
    "gov.district": {"probes": ["DISTRICT"], "read": everyone(INTERNAL), "write": {}, "create": [],
                     "unlink": {}, "scope": "reference data read by internal users"},
    "gov.subdistrict": {"probes": ["SUBDISTRICT"], "read": everyone(INTERNAL), "write": {}, "create": [],
                        "unlink": {}, "scope": "reference data read by internal users"},
    # ------------------------------------------------------------------ one_stop_service
    "oss.service": {
        "probes": ["SVC_A", "SVC_B"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "the catalogue: read by all (portal: published services); service managers edit it",
    },
    "oss.service.document": {
        "probes": ["SDOC_A"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "as the catalogue",
    },
    "oss.service.step": {
        "probes": ["SSTEP_A"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "as the catalogue",
    },
    "oss.request": {
        "probes": ["R_A", "R_B", "R_P", "R_T"],
        "read": only(front_desk=ALL, officer_a=REQUESTS_A, officer_b={"R_B"}, supervisor=REQUESTS_A,
                     service_manager=ALL, portal={"R_P"}, cashier=ALL),
        "write": only(front_desk=ALL, service_manager=ALL),
        "create": ["front_desk", "service_manager"],
        "unlink": only(service_manager=ALL),
        "scope": "front desk and service managers: all; officers: requests routed to their departments "
                 "(a request in triage, R_T, has no route: no officer's); portal: their own; cashiers: all (read)",
    },
    "oss.request.step": {
        "probes": ["STEP_A", "STEP_B", "STEP_P"],
        "read": only(front_desk=ALL, officer_a={"STEP_A", "STEP_P"}, officer_b={"STEP_B"},
                     supervisor={"STEP_A", "STEP_P"}, service_manager=ALL, portal={"STEP_P"}, cashier=ALL),
        "write": only(officer_a={"STEP_A", "STEP_P"}, officer_b={"STEP_B"}, supervisor={"STEP_A", "STEP_P"},
                      service_manager=ALL),
        "create": [], "unlink": only(service_manager=ALL),
        "scope": "as the request; officers work the steps of their departments; steps come only from routing",
    },
    "oss.request.document": {
        "probes": ["DOC_A", "DOC_B", "DOC_P"],
        "read": only(front_desk=ALL, officer_a={"DOC_A", "DOC_P"}, officer_b={"DOC_B"},
                     supervisor={"DOC_A", "DOC_P"}, service_manager=ALL, portal={"DOC_P"}, cashier=ALL),
        "write": only(front_desk=ALL, service_manager=ALL),
        "create": ["front_desk", "service_manager"],
        "unlink": {},
        "scope": "as the request; the front desk ticks documents; a line is the catalogue's (created only "
                 "from a required document of the request's service, removed only from a draft whose "
                 "service changed)",
    },
    "oss.request.notice": {
        "probes": ["NOTICE_A", "NOTICE_B"],
        "read": only(front_desk=ALL, officer_a={"NOTICE_A"}, officer_b={"NOTICE_B"}, supervisor={"NOTICE_A"},
                     service_manager=ALL, cashier=ALL),
        "write": {}, "create": [], "unlink": only(service_manager=ALL),
        "scope": "legal notices: as the request (not the portal); written only by the request's actions",
    },
    "oss.request.notice.copy": {
        "probes": ["COPY_A", "COPY_B"],
        "read": only(service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "the agency's record of the delay notices copied to OPDC: service managers read it (and export "
                 "the monthly list); written only when a notice is given",
    },
    "oss.channel": {
        "probes": ["CHANNEL"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "the intake channels: read by all; service managers configure them",
    },
    "oss.applicant.question": {
        "probes": ["QUEST_A", "QUEST_B", "QUEST_P", "QUEST_X"],
        "read": only(front_desk={"QUEST_A", "QUEST_B", "QUEST_P"}, officer_a={"QUEST_A", "QUEST_P", "QUEST_X"},
                     officer_b={"QUEST_B"}, supervisor={"QUEST_A", "QUEST_P", "QUEST_X"}, service_manager=ALL,
                     portal={"QUEST_P"}, cashier=CASHIER_QUESTIONS),
        "write": {}, "create": [], "unlink": {},
        "scope": "as the request or the case that asked (the front desk: questions of requests; the portal: "
                 "those of their own requests); written only by the actions that ask, answer and close",
    },
    "gov.rate.limit": {
        "probes": ["RATE"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "calls counted by the rate limits (keyed hash of the client address): administrators only",
    },
    # ------------------------------------------------------------------ citizen_case
    "citizen.case": {
        "probes": ["C_A", "C_B", "C_P", "C_X"],
        "read": only(front_desk={"C_A", "C_B", "C_P"}, officer_a={"C_A", "C_P", "C_X"}, officer_b={"C_B"},
                     supervisor={"C_A", "C_P", "C_X"}, service_manager=ALL),
        "write": only(officer_a={"C_A", "C_P", "C_X"}, officer_b={"C_B"}, supervisor={"C_A", "C_P", "C_X"}),
        "create": ["officer_a", "officer_b", "supervisor"],
        "unlink": {},
        "scope": "officers and supervisors: cases of their departments; front desk: non-confidential request "
                 "cases (read); service managers: all (read); nobody deletes a case",
    },
    "citizen.case.stage": {
        "probes": ["STAGE"],
        "read": everyone(INTERNAL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "read by internal users; service managers edit the stages",
    },
    "citizen.case.transfer": {
        "probes": ["T_B"],
        "read": only(front_desk=ALL, officer_a=ALL, officer_b=ALL, supervisor=ALL, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "the departments a case is in or came from (and the front desk, service managers: read); "
                 "written only by the Transfer action",
    },
    # ------------------------------------------------------------------ gov_kpi (SQL views and summary)
    "gov.kpi.request.report": {
        "probes": ["KPI_REQ_A", "KPI_REQ_B"],
        "read": only(supervisor={"KPI_REQ_A"}, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "supervisors: their departments; service managers: all",
    },
    "gov.kpi.case.report": {
        "probes": ["KPI_CASE_A", "KPI_CASE_B"],
        "read": only(supervisor={"KPI_CASE_A"}, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "supervisors: their departments; service managers: all",
    },
    "gov.kpi.request.summary": {
        "probes": ["KPI_SUM_A", "KPI_SUM_B"],
        "read": only(supervisor={"KPI_SUM_A"}, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "supervisors: their departments; service managers: all",
    },
    # ------------------------------------------------------------------ gov_public (published without a login)
    "oss.life.event": {
        "probes": ["LIFE_EVENT"],
        "read": everyone(INTERNAL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "the catalogue's life events: read by internal users (and by anyone on the public pages); "
                 "service managers edit them",
    },
    "gov.public.dataset": {
        "probes": ["DATASET"],
        "read": only(service_manager=ALL), "write": only(service_manager=ALL), "create": [], "unlink": {},
        "scope": "the open datasets' descriptions and licence: service managers edit them; the datasets are "
                 "the module's (none created or deleted)",
    },
    "gov.public.performance": {
        "probes": ["PUB_PERF_A", "PUB_PERF_B"],
        "read": only(service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "published figures (counts, no person): service managers read them in the back office, "
                 "anyone on /performance and /data; rebuilt only by the summary's refresh",
    },
    "gov.public.backlog": {
        "probes": ["PUB_BACKLOG_A", "PUB_BACKLOG_B"],
        "read": only(service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "as the published figures",
    },
    # ------------------------------------------------------------------ gov_otp, gov_hearing
    "gov.otp": {
        "probes": ["OTP"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "one-time codes (a keyed hash, never the code): the system only; public routes use them "
                 "after their own checks",
    },
    "gov.sms": {
        "probes": ["SMS"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "the SMS outbox (a person's mobile number and the notice's text): the system writes it; "
                 "administrators read it and send a failed message again (Settings > Technical > Messages); "
                 "no role of the agency reads it; the request's chatter records what was sent",
    },
    # ------------------------------------------------------------------ oss_channel_web
    "oss.web.submission": {
        "probes": ["WEB_FORM"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "web forms awaiting their code (a sender's name, address or number, text and photos): the "
                 "system only; the public form's routes use them after their own checks",
    },
    # ------------------------------------------------------------------ oss_channel_line
    "oss.line.conversation": {
        "probes": ["LINE_CONV"],
        "read": only(front_desk=ALL, service_manager=ALL), "write": {}, "create": None, "create_refused": True,
        "unlink": {},
        "scope": "LINE conversations under way (a LINE user, their name, text and photo): the front desk and "
                 "administrators read them; the webhook writes them as the system after checking LINE's "
                 "signature",
    },
    "oss.line.push": {
        "probes": ["LINE_PUSH"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "the LINE outbox (a person's LINE account and the notice's text): the system writes it; "
                 "administrators read it and send a failed notice again (Settings > Technical > Messages); "
                 "no role of the agency reads it; the request's chatter records what was sent",
    },
    # ------------------------------------------------------------------ one_stop_service: notice jobs
    "queue.job": {
        "probes": ["JOB_NOTICE", "JOB_OTHER"],
        "read": only(service_manager={"JOB_NOTICE"}), "write": {}, "create": None, "create_refused": True,
        "unlink": {},
        "scope": "the job queue (queue_job: a job names its record's id, holds its arguments and, when it "
                 "failed, the traceback): the system writes it; the service manager reads the jobs of the "
                 "notices to applicants (Configuration > Failed notices) and requeues a failed one; "
                 "administrators of the job queue read them all; no other role reads a job",
    },
    "oss.line.event": {
        "probes": ["LINE_EVENT"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "the LINE webhook's deliveries taken (their ids, to refuse a replay): the system writes "
                 "them, administrators read them",
    },
    "gov.hearing": {
        "probes": ["HEARING_A", "HEARING_B"],
        "read": everyone(INTERNAL),
        "write": only(supervisor={"HEARING_A"}, officer_b={"HEARING_B"}),
        "create": ["supervisor", "officer_b"],
        "unlink": only(supervisor={"HEARING_A"}, officer_b={"HEARING_B"}),
        "scope": "internal users read hearings (they are public); hearing officers of the department and its "
                 "manager edit them (only drafts are deleted)",
    },
    "gov.hearing.question": {
        "probes": ["QUESTION_A", "QUESTION_B"],
        "read": everyone(INTERNAL), "write": {}, "create": [], "unlink": {},
        "scope": "as the hearing; nobody changes the questions of a hearing people answered",
    },
    "gov.hearing.option": {
        "probes": ["OPTION_A", "OPTION_B"],
        "read": everyone(INTERNAL), "write": {}, "create": [], "unlink": {},
        "scope": "as the questions",
    },
    "gov.hearing.response": {
        "probes": ["RESP_A", "RESP_B"],
        "read": only(supervisor={"RESP_A"}, officer_b={"RESP_B"}, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "raw responses (no name): hearing officers of the department, its manager and service "
                 "managers read them; only the public form writes them",
    },
    "gov.hearing.answer": {
        "probes": ["ANSWER_A", "ANSWER_B"],
        "read": only(supervisor={"ANSWER_A"}, officer_b={"ANSWER_B"}, service_manager=ALL),
        "write": only(supervisor={"ANSWER_A"}, officer_b={"ANSWER_B"}),
        "create": None, "create_refused": True, "unlink": {},
        "scope": "as the responses; the department's staff set the theme of an answer, nothing else",
    },
    "gov.hearing.theme": {
        "probes": ["THEME_A", "THEME_B"],
        "read": only(supervisor={"THEME_A"}, officer_b={"THEME_B"}, service_manager=ALL),
        "write": only(supervisor={"THEME_A"}, officer_b={"THEME_B"}),
        "create": ["supervisor", "officer_b"],
        "unlink": only(supervisor={"THEME_A"}, officer_b={"THEME_B"}),
        "scope": "hearing officers of the department and its manager; service managers read (published anyway "
                 "with the summary)",
    },
    "gov.hearing.follower": {
        "probes": ["FOLLOWER_A"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "who follows a hearing (a confirmed address or number, with consent): the system only",
    },
    # ------------------------------------------------------------------ oss_open311, oss_agency_exchange
    "oss.api.client": {
        "probes": ["API"],
        "read": only(service_manager=ALL), "write": only(service_manager=ALL), "create": ["service_manager"],
        "unlink": only(service_manager=ALL),
        "scope": "service managers",
    },
    "oss.agency.event": {
        "probes": ["EVT"],
        "read": only(service_manager=ALL), "write": {},
        "create": None, "create_refused": True, "unlink": {},
        "scope": "service managers read the outbox and use Retry now; its fields are written only by the outbox",
    },
    # ------------------------------------------------------------------ oss_payment
    "oss.service.fee.rate": {
        "probes": ["FEE_RATE"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "as the catalogue: rates of fees per unit",
    },
    "oss.fee.exemption": {
        "probes": ["EXEMPT"],
        "read": dict(everyone(INTERNAL), portal=ALL),
        "write": only(service_manager=ALL), "create": ["service_manager"], "unlink": only(service_manager=ALL),
        "scope": "the exemptions and their legal reasons: read by all; service managers keep them",
    },
    "oss.payment.request": {
        "probes": ["PR_F", "PR_PF"],
        "read": only(front_desk=ALL, officer_a=ALL, supervisor=ALL, service_manager=ALL, cashier=ALL,
                     portal={"PR_PF"}),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "front desk, cashiers, service managers: all; officers: those of their departments' requests; "
                 "portal: their own; issued only by the request (its amount, references and QR code)",
    },
    "oss.payment": {
        "probes": ["PAY_F", "PAY_PF"],
        "read": only(front_desk=ALL, service_manager=ALL, cashier=ALL),
        "write": {}, "create": [], "unlink": {},
        "scope": "front desk, cashiers, service managers read; only a cashier records one, through Take "
                 "payment (never directly), and gives it back only by a reversal; nobody edits or deletes one",
    },
    "oss.receipt": {
        "probes": ["RCPT_F", "RCPT_PF"],
        "read": only(front_desk=ALL, service_manager=ALL, cashier=ALL, portal={"RCPT_PF"}),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "front desk, cashiers, service managers: all; portal: their own; issued by the payment, "
                 "cancelled by its reversal; nobody edits or deletes one",
    },
    "oss.receipt.counter": {
        "probes": ["COUNTER"],
        "read": only(service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "service managers read the last number of each fiscal year; written by the receipts only",
    },
    "oss.cashier.close": {
        "probes": ["CLOSE"],
        "read": only(cashier=ALL, service_manager=ALL),
        "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "a cashier their own days, service managers all; opened by the first payment, closed by "
                 "Close my day",
    },
    "oss.bank.statement": {
        "probes": ["STMT"],
        "read": only(cashier=ALL, service_manager=ALL),
        "write": {}, "create": ["cashier"], "unlink": {},
        "scope": "cashiers import statements and read them; service managers read them; nobody edits or "
                 "deletes one",
    },
    "oss.bank.statement.line": {
        "probes": ["STMT_LINE"],
        "read": only(cashier=ALL, service_manager=ALL),
        "write": {}, "create": [], "unlink": {},
        "scope": "as the statement; the lines are the bank's file, written by the import only; a cashier "
                 "matches or sets aside an unmatched line through its actions",
    },
    # ------------------------------------------------------------------ where the data also ends up
    "res.users": {
        "probes": ["U_B", "U_PORTAL"],
        "read": dict(everyone(INTERNAL), portal={"U_PORTAL"}),
        "write": only(officer_b={"U_B"}, portal={"U_PORTAL"}),
        "create": [], "unlink": {},
        "scope": "internal users read users; a user writes their own preferences; administrators manage users",
    },
    "mail.mail": {
        "probes": ["MAIL_Q", "MAIL_OWN"],
        "read": only(officer_a={"MAIL_OWN"}), "write": only(officer_a={"MAIL_OWN"}),
        "create": list(INTERNAL), "unlink": {},
        "scope": "administrators read the queue (receipts, outcomes and rating links are queued by the system); "
                 "an employee queues e-mails and reads and sends only those they queued (Odoo's mass-mail "
                 "composer queues as the user, e.g. the notice to an officer given a case); portal: none",
    },
    "mail.message": {
        "probes": ["MSG_RA", "MSG_RB", "MSG_CA", "MSG_RP"],
        "read": only(front_desk=ALL, officer_a={"MSG_RA", "MSG_CA", "MSG_RP"}, officer_b={"MSG_RB"},
                     supervisor={"MSG_RA", "MSG_CA", "MSG_RP"}, service_manager=ALL,
                     cashier={"MSG_RA", "MSG_RB", "MSG_RP"}),
        "write": {}, "create": None, "unlink": {},
        "scope": "as the document; internal notes never reach the portal; the chatter is history: only "
                 "administrators change or delete a message (a user marks one unread or starred for themselves)",
    },
    "mail.activity": {
        "probes": ["ACT_CA"],
        "read": only(front_desk=ALL, officer_a=ALL, supervisor=ALL, service_manager=ALL),
        "write": only(officer_a=ALL, supervisor=ALL), "create": None, "unlink": None,
        "scope": "read with the document; changed, done or deleted by the one it is for and by those who may "
                 "write the document (Odoo checks unlink as write, which is probed: unlink is not attempted)",
    },
    "mail.notification": {
        "probes": ["NOTIF_Q"],
        "read": {}, "write": {}, "create": [], "unlink": {},
        "scope": "a user's own notifications only",
    },
    "mail.followers": {
        "probes": ["FOL_RA"],
        "read": only(front_desk=ALL, officer_a=ALL, supervisor=ALL, service_manager=ALL, cashier=ALL),
        "write": {}, "create": None, "unlink": {},
        "scope": "as the document",
    },
    "mail.tracking.value": {
        "probes": ["TV_RA"],
        "read": {}, "write": {}, "create": [], "unlink": {},
        "scope": "administrators only; others see changes in the chatter of documents they read",
    },
    "ir.attachment": {
        "probes": ["ATT_RA", "ATT_RB", "ATT_RP", "ATT_CA", "ATT_Q", "ATT_LA", "ATT_LS"],
        "read": only(front_desk={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_CA", "ATT_Q"},
                     officer_a={"ATT_RA", "ATT_RP", "ATT_CA", "ATT_Q", "ATT_LA"},
                     officer_b={"ATT_RB", "ATT_Q", "ATT_LS"},
                     supervisor={"ATT_RA", "ATT_RP", "ATT_CA", "ATT_Q", "ATT_LA"},
                     service_manager={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_CA", "ATT_Q", "ATT_LA"},
                     privacy_officer={"ATT_Q"}, internal={"ATT_Q"}, portal={"ATT_RP"},
                     cashier={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_Q"},
                     clerk={"ATT_Q", "ATT_LA"}, secret_keeper={"ATT_Q", "ATT_LA", "ATT_LS"},
                     signer={"ATT_Q", "ATT_LA", "ATT_LS"}),
        "write": only(front_desk={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_Q"}, officer_a={"ATT_CA", "ATT_Q", "ATT_LA"},
                      officer_b={"ATT_Q"}, supervisor={"ATT_CA", "ATT_Q", "ATT_LA"},
                      service_manager={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_Q"}, privacy_officer={"ATT_Q"},
                      clerk={"ATT_LA"}, secret_keeper={"ATT_LA", "ATT_LS"}, signer={"ATT_LA", "ATT_LS"}),
        "create": None,
        "unlink": only(front_desk={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_Q"}, officer_a={"ATT_CA", "ATT_Q", "ATT_LA"},
                       officer_b={"ATT_Q"}, supervisor={"ATT_CA", "ATT_Q", "ATT_LA"},
                       service_manager={"ATT_RA", "ATT_RB", "ATT_RP", "ATT_Q"}, privacy_officer={"ATT_Q"},
                       clerk={"ATT_LA"}, secret_keeper={"ATT_LA", "ATT_LS"}, signer={"ATT_LA", "ATT_LS"}),
        "scope": "as the document (a file on a person's record: as the person); files of internal notes never "
                 "reach the portal; the access export is never stored; a letter's files are read by those who "
                 "read the letter, and changed only while it is a draft (its signed PDF never)",
    },
    # ------------------------------------------------------------------ staff-account controls
    "res.users.authenticator": {
        "probes": ["AUTH_MGR", "AUTH_PRIV"],
        "read": only(service_manager={"AUTH_MGR"}, privacy_officer={"AUTH_PRIV"}),
        "write": only(service_manager={"AUTH_MGR"}, privacy_officer={"AUTH_PRIV"}),
        "create": None, "unlink": None,
        "scope": "each user their own authenticators (enrolled at login)",
    },
    "mail.template": {
        "probes": ["TPL"],
        "read": everyone(INTERNAL), "write": {}, "create": [], "unlink": {},
        "scope": "employees read and send templates; only administrators write them (a template is code)",
    },
    "mail.compose.message": {
        "probes": ["COMPOSE"],
        "read": {}, "write": {}, "create": None, "unlink": {},
        "scope": "a composer (wizard) is its author's; text typed in it is never run as template code "
                 "(see test_mail_templates.py)",
    },
    "res.authentication.attempt": {
        "probes": ["ATTEMPT"],
        "read": {}, "write": {}, "create": [], "unlink": {},
        "scope": "administrators only (logins and addresses of every attempt)",
    },
    "auditlog.log": {
        "probes": ["AUDIT_RA"],
        "read": {}, "write": {}, "create": [], "unlink": {},
        "scope": "administrators only",
    },
    "auditlog.log.line": {
        "probes": ["AUDIT_LINE_RA"],
        "read": {}, "write": {}, "create": [], "unlink": {},
        "scope": "administrators only",
    },
    "auditlog.http.session": {
        "probes": ["AUDIT_SESSION"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "administrators only",
    },
    "auditlog.http.request": {
        "probes": ["AUDIT_REQUEST"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "administrators only",
    },
    "auditlog.rule": {
        "probes": ["AUDIT_RULE"],
        "read": {}, "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "administrators only (what is audited)",
    },
    "res.users.pass.history": {
        "probes": ["PASS_B"],
        "read": only(officer_b=ALL), "write": {}, "create": None, "unlink": {},
        "scope": "a user's own password history (hashes), written by the system",
    },
}

POLICY.update({
    # ------------------------------------------------------------------ gov_saraban
    "gov.saraban.letter": {
        "probes": ["L_A", "L_B", "L_S"],
        "read": only(officer_a={"L_A"}, officer_b={"L_B", "L_S"}, supervisor={"L_A"},
                     service_manager={"L_A", "L_B"}, clerk={"L_A", "L_B"}, secret_keeper=ALL,
                     signer={"L_A", "L_S"}),
        "write": only(officer_a={"L_A"}, officer_b={"L_B"}, supervisor={"L_A"}, clerk={"L_A", "L_B"},
                      secret_keeper=ALL, signer={"L_A", "L_S"}),
        "create": ["officer_a", "officer_b", "supervisor", "clerk", "secret_keeper"],
        "unlink": only(officer_a={"L_A"}, officer_b={"L_B"}, supervisor={"L_A"}, clerk={"L_A", "L_B"},
                       secret_keeper=ALL),
        "scope": "letters that are not secret: registry clerks, service managers (read) and the officers of "
                 "the department that owns them or works their case; secret letters: only their named readers "
                 "(read), their signer and the keeper of the secret registers; a signer also the letters they "
                 "sign; only drafts are deleted",
    },
    "gov.saraban.enclosure": {
        "probes": ["E_A", "E_S"],
        "read": only(officer_a={"E_A"}, officer_b={"E_S"}, supervisor={"E_A"}, service_manager={"E_A"},
                     clerk={"E_A"}, secret_keeper=ALL, signer=ALL),
        "write": only(officer_a={"E_A"}, supervisor={"E_A"}, clerk={"E_A"}, secret_keeper=ALL),
        "create": ["officer_a", "officer_b", "supervisor", "clerk", "secret_keeper"],
        "unlink": only(officer_a={"E_A"}, supervisor={"E_A"}, clerk={"E_A"}, secret_keeper=ALL),
        "scope": "as the letter; changed only while it is a draft",
    },
    "gov.saraban.register": {
        "probes": ["REG", "REG_S"],
        "read": only(service_manager={"REG"}, clerk={"REG"}, secret_keeper=ALL),
        "write": {}, "create": [], "unlink": {},
        "scope": "registry clerks and service managers read the general registers, the keeper also the secret "
                 "ones; numbers are given only by registering a letter",
    },
    "gov.saraban.certificate": {
        "probes": ["CERT"],
        "read": only(signer=ALL), "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "a signer reads their own certificate (never its key: the key is no field); uploaded through "
                 "the upload wizard; administrators withdraw them",
    },
    "gov.saraban.trusted.root": {
        "probes": ["TR"],
        "read": only(clerk=ALL, secret_keeper=ALL), "write": {}, "create": [], "unlink": {},
        "scope": "the authorities the agency trusts: registry clerks read them, administrators set them",
    },
    "gov.saraban.access.log": {
        "probes": ["LOG_S"],
        "read": only(secret_keeper=ALL), "write": {}, "create": None, "create_refused": True, "unlink": {},
        "scope": "who opened a secret letter: the keeper of the secret registers reads it; written by the system",
    },
})

# transient models (wizards): nobody reads another user's wizard rows; their actions check access
TRANSIENT_POLICY = "nobody reads or writes another user's wizard rows"

# the field written (with its current value) to test write access, per model
WRITE_FIELDS = {
    "res.partner": "comment", "gov.department": "name_en", "gov.consent": "note",
    "gov.privacy.log": "reason", "gov.province": "name_en", "gov.district": "name_en",
    "gov.subdistrict": "name_en", "oss.service": "fee_note", "oss.service.document": "note",
    "oss.service.step": "name", "oss.request": "public_note", "oss.request.step": "note",
    "oss.request.document": "copies", "oss.request.notice": "not_sent_reason",
    "oss.request.notice.copy": "note",
    "gov.rate.limit": "hits", "citizen.case": "priority", "citizen.case.stage": "name",
    "citizen.case.transfer": "reason", "gov.kpi.request.report": "id", "gov.kpi.case.report": "id",
    "gov.kpi.request.summary": "late_count", "oss.api.client": "rate_limit", "oss.agency.event": "last_error",
    "res.users": "signature", "mail.mail": "email_to", "mail.message": "subject",
    "mail.notification": "is_read", "mail.followers": "res_id", "mail.tracking.value": "field_desc",
    "ir.attachment": "description", "res.users.authenticator": "name",
    "oss.channel": "description", "oss.applicant.question": "question", "mail.activity": "summary",
    "mail.template": "subject", "mail.compose.message": "subject", "auditlog.http.session": "name",
    "auditlog.http.request": "name", "auditlog.rule": "name",
    "res.authentication.attempt": "login", "auditlog.log": "name", "auditlog.log.line": "new_value_text",
    "res.users.pass.history": "date",
    "gov.saraban.letter": "subject", "gov.saraban.enclosure": "name", "gov.saraban.register": "last_number",
    "gov.saraban.certificate": "active", "gov.saraban.trusted.root": "name", "gov.saraban.access.log": "what",
    "oss.service.fee.rate": "unit", "oss.fee.exemption": "evidence", "oss.payment.request": "ref2",
    "oss.payment": "reference", "oss.receipt": "item", "oss.receipt.counter": "last_number",
    "oss.cashier.close": "state", "oss.bank.statement": "name", "oss.bank.statement.line": "payer",
    "oss.life.event": "name", "gov.public.dataset": "name",
    "gov.public.performance": "received", "gov.public.backlog": "open_count",
    "gov.otp": "attempts_left", "gov.sms": "state", "oss.web.submission": "address",
    "oss.line.conversation": "sender_name", "oss.line.event": "event_id", "oss.line.push": "state",
    "queue.job": "priority",
    "gov.hearing": "summary",
    "gov.hearing.question": "name",
    "gov.hearing.option": "name", "gov.hearing.response": "channel", "gov.hearing.answer": "theme_id",
    "gov.hearing.theme": "agency_response", "gov.hearing.follower": "channel",
}

# fields never returned to the roles outside the policy, whatever the path
SENSITIVE_FIELDS = {
    ("res.partner", "national_id"): {"privacy_officer"},
    ("res.users", "national_id"): {"privacy_officer"},
    ("res.partner", "gov_webhook_secret"): {"service_manager"},
    ("res.partner", "gov_webhook_secret_previous"): {"service_manager"},
    ("citizen.case", "rating_token_hash"): set(),
    ("oss.api.client", "key_hash"): set(),
    ("res.users.authenticator", "secret_key"): set(),
    ("mail.mail", "body_html"): set(),
    ("res.users", "password_crypt"): set(),
    # what a secret letter says: its named reader (officer B), its signer and the keeper
    ("gov.saraban.letter", "body"): {"officer_b", "signer", "secret_keeper"},
    # who paid: the roles that read the payment, the receipt (portal: their own), the bank's line
    ("oss.payment", "payer_name"): {"front_desk", "service_manager", "cashier"},
    ("oss.receipt", "payer_name"): {"front_desk", "service_manager", "cashier"},
    ("oss.bank.statement.line", "payer"): {"service_manager", "cashier"},
    # the public hearings: who responded or follows is kept from everyone (a keyed hash, the system's rows)
    ("gov.hearing.response", "respondent_hash"): set(),
    ("gov.hearing.response", "partner_id"): set(),
    ("gov.hearing.follower", "target"): set(),
    ("gov.otp", "code_hash"): set(),
    ("gov.sms", "number"): set(),
    ("oss.web.submission", "target"): set(),
    ("oss.line.push", "line_user_id"): set(),
    # why a job failed (a traceback may quote a person's data): the notice jobs' to the service manager
    ("queue.job", "exc_info"): {"service_manager"},
    # the ID the front desk typed to confirm a request in triage: its own dialog only
    ("oss.request.triage.wizard", "identifier"): {"front_desk"},
}
