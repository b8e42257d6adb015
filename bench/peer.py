"""The same harness on OCA helpdesk_mgmt 11.0: creating a ticket (partner, team, description)."""
from harness import Progress, Rpc, Server, throughput_runs, timed
from suites import calls_profile, result

PEER_LOGIN = "bench_helpdesk"


def peer_user(env):
    """A helpdesk user (not the superuser, so that record rules apply as for our front desk)."""
    user = env["res.users"].search([("login", "=", PEER_LOGIN)])
    if not user:
        user = env["res.users"].with_context(no_reset_password=True).create({
            "login": PEER_LOGIN, "password": PEER_LOGIN, "name": "Helpdesk bench user",
            "email": "%s@bench.example.org" % PEER_LOGIN,  # the chatter needs an author address
            "groups_id": [(6, 0, [env.ref("base.group_user").id, env.ref("helpdesk_mgmt.group_helpdesk_user").id])],
        })
        env.cr.commit()
    return user


def ticket(env, user, partner, team, i):
    return env["helpdesk.ticket"].sudo(user).create({
        "name": "Street light out %d" % i, "description": "<p>The street light in front of no. %d is out.</p>" % i,
        "partner_id": partner.id, "team_id": team.id})


def bench_peer_inprocess(env, runs):
    user = peer_user(env)
    team = env["helpdesk.ticket.team"].search([], limit=1) or env["helpdesk.ticket.team"].create({"name": "Bench"})
    env.cr.commit()
    partners = env["res.partner"].search([], limit=runs + 3)
    times, queries = [], []
    with Progress("tickets", runs + 3) as bar:
        for i in range(runs + 3):
            ms, count = timed(env, ticket, env, user, partners[i % len(partners)], team, i)
            if i >= 3:
                times.append(ms)
                queries.append(count)
            bar.update()
    env.cr.rollback()
    return {"peer_inprocess": result("helpdesk_mgmt: ticket creation (partner, team, description), in-process",
                                     "ms", None, times, queries_median=sorted(queries)[len(queries) // 2],
                                     queries=queries)}


def rpc_ticket(env, lookup=False):
    """``operation(session, i)``: the ticket as the peer's web client creates it over JSON-RPC; with
    ``lookup``, after a search of its customer by name, the call an intake makes for its person
    first (``suites.rpc_intake``: a search by national ID, the ids alone)."""
    peer_user(env)
    team_id = env["helpdesk.ticket.team"].search([], limit=1).id
    partners = env["res.partner"].search([], limit=50)
    partner_ids, names = partners.ids, partners.mapped("name")
    env.cr.rollback()

    def operation(session, i):
        partner_id = partner_ids[i % len(partner_ids)]
        if lookup:
            partner_id = session.call_kw("res.partner", "search", [[("name", "=", names[i % len(names)])]],
                                         {"limit": 1})[0]
        session.call_kw("helpdesk.ticket", "create", [{
            "name": "Street light out %d" % i, "description": "<p>Light %d is out.</p>" % i,
            "partner_id": partner_id, "team_id": team_id}])

    return operation


def bench_peer_rpc(env, conf, db, port, runs, seconds, log_path):
    operation = rpc_ticket(env)
    with Server(conf, db, port, log_path) as server:
        sessions = [Rpc(server.url, db, PEER_LOGIN, PEER_LOGIN) for _i in range(4)]
        rates, errors = throughput_runs(sessions, operation, runs, seconds, "peer rpc")
    return {"peer_rpc": result("helpdesk_mgmt: tickets over JSON-RPC, --workers=2, 4 client threads (tickets/s)",
                               "req/s", None, rates, goal_kind="min", errors=errors[:5], error_count=len(errors))}


def bench_peer_rpc_calls(env, conf, db, port, log_path):
    return {"peer_rpc_calls": calls_profile(
        conf, db, port, log_path, PEER_LOGIN, rpc_ticket(env),
        (("/web/dataset/call_kw/helpdesk.ticket/create", "create the ticket"),),
        "helpdesk_mgmt: ticket over JSON-RPC, one user, one ticket at a time (server side, every SQL "
        "statement logged)")}
