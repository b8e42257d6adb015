"""Register numbers under real concurrency: 20 letters registered by 20 parallel JSON-RPC calls
of the registry clerk get 20 consecutive numbers, none twice, none skipped."""
from concurrent.futures import ThreadPoolExecutor

from .conftest import committed_env

PARALLEL = 20


def test_parallel_registrations_are_numbered_without_gaps(gov_server, gov_rpc):
    with committed_env() as env:
        clerk = env.ref("gov_saraban.user_clerk_demo")
        agency = env.ref("gov_crm.partner_agency_01_demo")
        letters = env["gov.saraban.letter"].sudo(clerk).create({
            "direction": "incoming", "partner_id": agency.id, "subject": "หนังสือทดสอบพร้อมกัน"})
        ids = [letters.id] + [env["gov.saraban.letter"].sudo(clerk).create({
            "direction": "incoming", "partner_id": agency.id, "subject": "หนังสือทดสอบพร้อมกัน %d" % i}).id
            for i in range(1, PARALLEL)]
        env.cr.execute("SELECT id, last_number FROM gov_saraban_register WHERE direction = 'incoming' "
                       "AND NOT secret AND year = extract(year FROM now() AT TIME ZONE 'Asia/Bangkok')")
        before = env.cr.fetchone()
    sessions = [gov_rpc("clerk", "clerk") for _i in range(PARALLEL)]
    try:
        with ThreadPoolExecutor(PARALLEL) as pool:
            list(pool.map(lambda pair: pair[0].call_kw("gov.saraban.letter", "action_register", [[pair[1]]]),
                          zip(sessions, ids)))
        with committed_env() as env:
            registered = env["gov.saraban.letter"].browse(ids)
            numbers = sorted(registered.mapped("number"))
            first = (before[1] if before else 0) + 1
            assert numbers == list(range(first, first + PARALLEL))
            assert set(registered.mapped("state")) == {"registered"}
            assert len(registered.mapped("register_id")) == 1
            assert registered[0].register_id.last_number == first + PARALLEL - 1
    finally:
        with committed_env() as env:
            registers = env["gov.saraban.letter"].browse(ids).mapped("register_id")
            env["gov.saraban.letter"].browse(ids).unlink()
            if before:
                env.cr.execute("UPDATE gov_saraban_register SET last_number = %s WHERE id = %s", (before[1], before[0]))
            else:
                registers.unlink()
