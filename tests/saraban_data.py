"""What the saraban tests that commit (browser, letter exchange) note before and undo after."""


def outgoing_registers(env):
    """{register id: last number} of the outgoing registers, before a test sends letters."""
    env.cr.execute("SELECT id, last_number FROM gov_saraban_register WHERE direction = 'outgoing'")
    return dict(env.cr.fetchall())


def remove_letters(env, letters, registers_before):
    """Remove ``letters`` and their exchange events, and put the outgoing registers back as
    ``outgoing_registers`` found them (numbers taken, registers opened)."""
    env["oss.agency.event"].search([("letter_id", "in", letters.ids)]).unlink()
    letters.unlink()
    for register_id, last_number in registers_before.items():
        env.cr.execute("UPDATE gov_saraban_register SET last_number = %s WHERE id = %s", (last_number, register_id))
    env.cr.execute("DELETE FROM gov_saraban_register WHERE direction = 'outgoing' AND NOT (id = ANY(%s))",
                   (list(registers_before) or [0],))
