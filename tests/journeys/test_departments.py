"""Journeys through the departments: the officers' queues, their cases, and the route of the
request that moves with them.

3. Routing with parallel steps: each department's officer sees only their case; the next
   sequence opens once both are resolved; the request is done after the last step and the
   applicant is told.
4. Automatic assignment lands with an officer, never the supervisor (round-robin and
   fewest open cases); an officer takes an unassigned case from the Unassigned queue.
6. Transfer of a routed case from Civil Registration to Public Works with a reason; the
   sender gets the confirmation and loses the case; the supervisor assigns it; the
   receiving officer takes and resolves it; the request moves on.
7. A rejected step: the request is rejected with the reason, the other steps cancelled,
   the applicant told, the status page shows the reason.
11. A supervisor reassigns a case one officer holds to another; an officer's attempt is
   refused.
"""
from .conftest import (UNASSIGNED_MENU, cases_of, queue, queued_mails, ref_id, ref_ids, refused,
                       resolve, stall_service, status_page)

REG, ENG = "gov_crm.department_civil_registration", "gov_crm.department_public_works"


def test_parallel_steps_each_department_sees_its_case_and_the_route_moves_on(journey):
    service_id = stall_service(journey)
    desk, one, two = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("officer2")
    registration, works = ref_ids(REG, ENG)
    applicant = journey.walk_in("นางแผงค้า ตลาดสด")
    request_id = journey.register(desk, service_id, applicant)
    request = desk.read_one("oss.request", request_id, ["name", "state", "partner_id", "steps_total"])
    assert (request["state"], request["steps_total"]) == ("in_progress", 3)

    # the two steps of the first sequence open a case in each department, with its officer
    [mine] = queue(one, request_id)
    [theirs] = queue(two, request_id)
    assert (mine["department_id"][0], mine["user_id"][0], mine["stage_state"]) == (registration, one.uid, "new")
    assert (theirs["department_id"][0], theirs["user_id"][0]) == (works, two.uid)
    # each officer sees only their department's case, not the other one
    assert [c["id"] for c in cases_of(one, request_id)] == [mine["id"]]
    assert [c["id"] for c in cases_of(two, request_id)] == [theirs["id"]]
    assert refused(one.read, "citizen.case", [theirs["id"]], ["name"]).name == "odoo.exceptions.AccessError"
    # the department queues (Cases: open cases of my department) likewise
    for officer, case in ((one, mine), (two, theirs)):
        department = officer.menu_action("citizen_case.citizen_case_menu")
        assert [c["id"] for c in officer.screen_records(department, ["id"], [("request_id", "=", request_id)])] == \
            [case["id"]]
    steps = desk.search_read("oss.request.step", [("request_id", "=", request_id)], ["sequence", "state"], order="id")
    assert [(s["sequence"], s["state"]) for s in steps] == [(10, "active"), (10, "active"), (20, "pending")]
    page = status_page(journey.base_url, request["name"], applicant["national_id"][-4:])
    assert page.rows["Progress"].startswith("0 / 3")

    # Civil Registration finishes first: the route waits for Public Works
    one.button("citizen.case", "action_take", [mine["id"]])
    resolve(one, mine["id"], note="ทะเบียนบ้านถูกต้อง")
    assert queue(one, request_id) == []  # resolved: out of the officer's open queue
    steps = desk.search_read("oss.request.step", [("request_id", "=", request_id)], ["state"], order="id")
    assert [s["state"] for s in steps] == ["done", "active", "pending"]
    assert len(cases_of(one, request_id)) == 1  # nothing new for Civil Registration yet
    page = status_page(journey.base_url, request["name"], applicant["phone"][-4:])
    assert page.state_en == "In progress" and page.rows["Progress"].startswith("1 / 3")

    # Public Works finishes: the second sequence opens a new case in Civil Registration
    two.button("citizen.case", "action_take", [theirs["id"]])
    resolve(two, theirs["id"], note="พื้นที่ตั้งแผงไม่กีดขวางทางเท้า")
    [permit] = queue(one, request_id)
    assert permit["id"] not in (mine["id"], theirs["id"])
    assert (permit["department_id"][0], permit["user_id"][0], permit["stage_state"]) == (registration, one.uid, "new")
    assert queue(two, request_id) == []
    assert desk.read_one("oss.request", request_id, ["state"])["state"] == "in_progress"

    # the last step: the request is done, the applicant told
    one.button("citizen.case", "action_take", [permit["id"]])
    resolve(one, permit["id"], note="ออกใบอนุญาตแล้ว มารับได้ที่จุดบริการ")
    request = desk.read_one("oss.request", request_id, ["name", "state", "steps_done", "date_done"])
    assert (request["state"], request["steps_done"]) == ("done", 3) and request["date_done"]
    # the e-mails waiting for the applicant: received, each department's outcome, done (the
    # notices queued by their jobs after each answer, the outcomes in the officers' transactions)
    subjects = [mail["subject"] for mail in queued_mails(applicant_id(desk, request_id))]
    outcomes = ["%s: ผลการดำเนินการ" % name for name in (mine["name"], theirs["name"], permit["name"])]
    assert sorted(subjects) == sorted(["ได้รับคำขอแล้ว: %s" % request["name"],
                                       "ดำเนินการแล้วเสร็จ: %s" % request["name"]] + outcomes)
    page = status_page(journey.base_url, request["name"], applicant["national_id"][-4:])
    assert page.state_en == "Done" and page.rows["Progress"].startswith("3 / 3")
    assert [step[-1].split()[-1] for step in page.steps] == ["Done", "Done", "Done"]


def applicant_id(person, request_id):
    return person.read_one("oss.request", request_id, ["partner_id"])["partner_id"][0]


def test_new_cases_go_to_officers_and_an_officer_takes_an_unassigned_case(journey):
    desk, one, supervisor = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("supervisor")
    # Civil Registration and Public Works each get a second officer (an administrator creates
    # the users, the service manager adds them to the departments)
    clerk_id, clerk_login = journey.officer("เจ้าหน้าที่ทะเบียน ใหม่", [REG])
    surveyor_id, surveyor_login = journey.officer("นายช่าง ใหม่", [ENG])
    clerk, surveyor = journey.as_(clerk_login), journey.as_(surveyor_login)
    applicant = journey.walk_in("นายหลายเรื่อง ทดสอบ")

    # round-robin in Civil Registration: two requests, one case for each officer, none for
    # the supervisor (a member of the department)
    first = journey.register(desk, "one_stop_service.oss_service_c02", applicant)
    applicant["partner_id"] = applicant_id(desk, first)
    second = journey.register(desk, "one_stop_service.oss_service_c01", applicant)
    holders = {case["user_id"][0] for request_id in (first, second) for case in cases_of(supervisor, request_id)}
    assert holders == {one.uid, clerk_id}
    for officer in (one, clerk):
        mine = [case for request_id in (first, second) for case in queue(officer, request_id)]
        assert len(mine) == 1 and mine[0]["can_take"] is True  # new, theirs: Take starts the work

    # fewest open cases in Public Works: the new surveyor has none, officer2 has several
    third = journey.register(desk, "one_stop_service.oss_service_b06", applicant)
    [case] = queue(surveyor, third)
    assert case["user_id"][0] == surveyor_id
    assert queue(journey.as_("officer2"), third) == []

    # the service manager lets Civil Registration's officers take their cases themselves
    manager = journey.as_("manager")
    manager.write("gov.department", [ref_id(REG)], {"case_assignment": "manual"})
    fourth = journey.register(desk, "one_stop_service.oss_service_c03", applicant)
    # nobody holds it: it waits in the Unassigned queue of every officer of the department
    for officer in (one, clerk, supervisor):
        [waiting] = officer.screen_records(officer.menu_action(UNASSIGNED_MENU), ["user_id", "can_take"],
                                           [("request_id", "=", fourth)])
        assert waiting["user_id"] is False and waiting["can_take"] is True
    assert queue(one, fourth) == [] and queue(clerk, fourth) == []
    # Public Works' officers do not see it
    assert surveyor.screen_records(surveyor.menu_action(UNASSIGNED_MENU), ["id"], [("request_id", "=", fourth)]) == []

    # the new clerk takes it from the queue: it is theirs and in progress
    clerk.button("citizen.case", "action_take", [waiting["id"]])
    [taken] = queue(clerk, fourth)
    assert (taken["user_id"][0], taken["stage_state"]) == (clerk_id, "progress")
    assert one.screen_records(one.menu_action(UNASSIGNED_MENU), ["id"], [("request_id", "=", fourth)]) == []
    # officer1 no longer has a Take button on it, and taking it anyway is refused
    assert one.read_one("citizen.case", waiting["id"], ["can_take"])["can_take"] is False
    error = refused(one.button, "citizen.case", "action_take", [waiting["id"]])
    assert error.name == "odoo.exceptions.AccessError" and "Only a supervisor can assign" in error.message


def test_a_transferred_case_is_resolved_by_the_receiving_department(journey):
    desk, one, two, supervisor = (journey.as_(login) for login in ("frontdesk", "officer1", "officer2", "supervisor"))
    works = ref_id(ENG)
    # Public Works hands transferred work out through its supervisor
    journey.as_("manager").write("gov.department", [works], {"case_assignment": "manual"})
    applicant = journey.walk_in("นายย้ายบ้าน ไม่มีเลขที่")
    request_id = journey.register(desk, "one_stop_service.oss_service_c02", applicant)
    [case] = queue(one, request_id)
    one.button("citizen.case", "action_take", [case["id"]])

    # officer1 transfers it with a reason; choosing who receives it is not his to do
    action = one.button("citizen.case", "action_open_transfer_wizard", [case["id"]])
    reason = "บ้านยังไม่มีเลขที่บ้าน ต้องให้กองช่างตรวจอาคารก่อน"
    dialog = one.dialog(action, department_id=works, reason=reason)
    assert dialog["can_pick_user"] is False
    done = dialog.press("action_transfer")
    # the confirmation: where the case went, in place of the case he may no longer read
    assert (done["res_model"], done["target"]) == ("citizen.case.transfer", "main")
    line = one.read_one("citizen.case.transfer", done["res_id"], ["case_name", "to_department_id", "reason",
                                                                  "case_readable"])
    assert (line["case_name"], line["to_department_id"][0], line["reason"], line["case_readable"]) == \
        (case["name"], works, reason, False)
    assert queue(one, request_id) == [] and cases_of(one, request_id) == []
    assert refused(one.read, "oss.request", [request_id], ["name"]).name == "odoo.exceptions.AccessError"

    # nobody holds it in Public Works: the supervisor assigns it to officer2 on the case form
    [arrived] = supervisor.screen_records(supervisor.menu_action(UNASSIGNED_MENU), ["user_id", "can_reassign"],
                                          [("request_id", "=", request_id)])
    assert arrived["can_reassign"] is True
    form = supervisor.form("citizen.case", record_id=arrived["id"])
    form.set(user_id=two.uid)
    form.save()

    # officer2 finds it in his queue with the request's documents, takes it and resolves it
    [mine] = queue(two, request_id)
    assert (mine["department_id"][0], mine["stage_state"], mine["can_take"]) == (works, "new", True)
    documents = two.search_read("oss.request.document", [("request_id", "=", request_id)], ["received"])
    assert len(documents) == 4 and all(d["received"] for d in documents)
    two.button("citizen.case", "action_take", [mine["id"]])
    resolve(two, mine["id"], note="ตรวจอาคารแล้ว ออกเลขที่บ้านได้")
    step = two.read_one("oss.request.step", mine["step_id"][0], ["state", "department_id"])
    assert (step["state"], step["department_id"][0]) == ("done", works)
    request = desk.read_one("oss.request", request_id, ["name", "state"])
    assert request["state"] == "done"
    subjects = [mail["subject"] for mail in queued_mails(applicant_id(desk, request_id))]
    assert subjects.count("ดำเนินการแล้วเสร็จ: %s" % request["name"]) == 1
    assert status_page(journey.base_url, request["name"], applicant["national_id"][-4:]).state_en == "Done"


def test_a_rejected_step_rejects_the_request_with_its_reason(journey):
    service_id = stall_service(journey)
    desk, one, two = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("officer2")
    applicant = journey.walk_in("นายแผงค้า ขวางทาง")
    request_id = journey.register(desk, service_id, applicant)
    [registration_case] = queue(one, request_id)
    [works_case] = queue(two, request_id)
    two.button("citizen.case", "action_take", [works_case["id"]])

    # a rejection needs a reason for the applicant
    error = refused(resolve, two, works_case["id"], "rejected", False)
    assert error.name == "odoo.exceptions.UserError" and "needs a reason" in error.message
    reason = "จุดตั้งแผงอยู่บนทางเท้าหน้าโรงเรียน ไม่อนุญาตตามเทศบัญญัติ"
    resolve(two, works_case["id"], "rejected", reason)

    request = desk.read_one("oss.request", request_id, ["name", "state", "reject_reason", "step_ids"])
    assert (request["state"], request["reject_reason"]) == ("rejected", reason)
    steps = desk.read("oss.request.step", request["step_ids"], ["sequence", "state"])
    assert sorted((s["sequence"], s["state"]) for s in steps) == [
        (10, "cancelled"), (10, "rejected"), (20, "cancelled")]
    # officer1's parallel case is closed with the request and leaves his queue
    assert queue(one, request_id) == []
    closed = one.read_one("citizen.case", registration_case["id"], ["stage_state", "resolution_code"])
    assert (closed["stage_state"], closed["resolution_code"]) == ("closed", "cancelled")
    # the applicant is told, with the reason, and the status page shows it
    [notice] = [mail for mail in queued_mails(applicant_id(desk, request_id))
                if mail["subject"] == "คำขอไม่ได้รับอนุมัติ: %s" % request["name"]]
    assert reason in notice["body"]
    page = status_page(journey.base_url, request["name"], applicant["national_id"][-4:])
    assert page.state_en == "Rejected"
    assert [note for note in page.notes if reason in note]


def test_a_supervisor_reassigns_a_case_and_an_officer_cannot(journey):
    desk, one, supervisor = journey.as_("frontdesk"), journey.as_("officer1"), journey.as_("supervisor")
    clerk_id, clerk_login = journey.officer("เจ้าหน้าที่ทะเบียน รับงานแทน", [REG])
    clerk = journey.as_(clerk_login)
    applicant = journey.walk_in("นางสาวรอ นาน")
    request_id = journey.register(desk, "one_stop_service.oss_service_c02", applicant)
    [case] = cases_of(supervisor, request_id)
    holder, other = (one, clerk) if case["user_id"][0] == one.uid else (clerk, one)
    holder.button("citizen.case", "action_take", [case["id"]])

    # the holder goes on leave: the other officer may not take it over, on the form or over RPC
    mine = other.read_one("citizen.case", case["id"], ["can_take", "can_reassign"])
    assert mine == {"id": case["id"], "can_take": False, "can_reassign": False}
    error = refused(other.write, "citizen.case", [case["id"]], {"user_id": other.uid})
    assert error.name == "odoo.exceptions.AccessError" and "Only a supervisor can assign" in error.message
    error = refused(holder.write, "citizen.case", [case["id"]], {"user_id": other.uid})
    assert error.name == "odoo.exceptions.AccessError"
    # the supervisor may not give it to someone outside the department
    error = refused(supervisor.write, "citizen.case", [case["id"]], {"user_id": journey.as_("officer2").uid})
    assert error.name == "odoo.exceptions.UserError" and "is not an active officer of" in error.message

    # the supervisor reassigns it on the case form
    form = supervisor.form("citizen.case", record_id=case["id"])
    assert form["can_reassign"] is True
    form.set(user_id=other.uid)
    form.save()
    assert queue(holder, request_id) == []
    [moved] = queue(other, request_id)
    assert (moved["user_id"][0], moved["stage_state"]) == (other.uid, "progress")
    resolve(other, case["id"])
    assert desk.read_one("oss.request", request_id, ["state"])["state"] == "done"
