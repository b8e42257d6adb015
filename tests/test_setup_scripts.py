"""Each set-up failure stops with one line that says what to do (scripts/gov.sh)."""
import os
import shutil
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

from . import early

ROOT = Path(__file__).resolve().parent.parent
GOV = str(ROOT / "scripts" / "gov.sh")


def run_gov(*args, env=None, user=None, input_text=None):
    """scripts/gov.sh ARGS with ``env`` added (as the OS ``user``), ``input_text`` on its stdin (a shell's)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    command = ["bash", GOV] + list(args)
    stdin = None
    if user:  # run as another OS user, feeding the script on stdin (it may not read our folder)
        command = ["runuser", "-u", user, "--", "env"] + ["%s=%s" % kv for kv in (env or {}).items()] \
            + ["bash", "-s"] + list(args)
        stdin = open(GOV)
    streams = {"stdin": stdin} if stdin else {"input": input_text or ""}
    try:
        return subprocess.run(command, env=full_env, cwd="/" if user else str(ROOT), **streams,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=300)
    finally:
        if stdin:
            stdin.close()


@pytest.fixture
def busy_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    yield sock.getsockname()[1]
    sock.close()


def error_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_taken_http_port_names_port_and_variable(busy_port):
    result = run_gov("serve", env={"GOV_HTTP_PORT": str(busy_port)})
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: port %d is already in use; stop what listens there or set GOV_HTTP_PORT to a free port"
        % busy_port]


def test_taken_postgres_port_then_rerun_continues(busy_port, tmp_path):
    state = tmp_path / "state"
    env = {"GOV_STATE_DIR": str(state), "GOV_PG_PORT": str(busy_port)}
    result = run_gov("pg_start", env=env)
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: port %d is already in use; set GOV_PG_PORT to a free port" % busy_port]
    # after fixing the cause, the same command continues with the cluster it made
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    env["GOV_PG_PORT"] = str(free_port)
    try:
        result = run_gov("pg_start", env=env)
        assert result.returncode == 0, result.stderr
        assert "creating PostgreSQL cluster" not in result.stdout
    finally:
        run_gov("pg_stop", env=env)


def test_missing_python37(tmp_path):
    result = run_gov("venv", env={"GOV_VENV": str(tmp_path / "venv"), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: CPython 3.7 not found; install it (pyenv install 3.7.16) "
        "or set GOV_PYTHON=/path/to/python3.7"]


def test_wrong_gov_python(tmp_path):
    result = run_gov("venv", env={"GOV_VENV": str(tmp_path / "venv"), "GOV_PYTHON": "/bin/true"})
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: GOV_PYTHON=/bin/true is not a working CPython 3.7; point it at one or unset it"]


def test_failed_pip_step_says_venv_is_reused(tmp_path):
    venv = tmp_path / "venv"
    result = run_gov("venv", env={"GOV_VENV": str(venv), "PIP_NO_INDEX": "1"})
    assert result.returncode != 0
    assert len(error_lines(result)) == 1
    assert error_lines(result)[0].startswith("error: pip could not install")
    assert (venv / "bin" / "python").exists()  # what was done stays done
    assert not (venv / ".installed").exists()  # and the next run installs again


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to create a folder owned by another user")
def test_cluster_folder_owned_by_someone_else(tmp_path):
    data = tmp_path / "state" / "pg" / "data"
    data.mkdir(parents=True)
    (data / "PG_VERSION").write_text("15\n")
    subprocess.check_call(["chown", "-R", "nobody", str(data)])
    result = run_gov("pg_start", env={"GOV_STATE_DIR": str(tmp_path / "state"), "GOV_PG_PORT": "1"})
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: cluster folder %s is owned by nobody, not postgres; run 'chown -R postgres %s/pg' "
        "or 'rm -rf %s/pg' and run again" % (data, tmp_path / "state", tmp_path / "state")]


@pytest.mark.skipif(os.geteuid() != 0, reason="runs the check as an unprivileged user")
def test_missing_packages_without_root_prints_install_line():
    result = run_gov("deps", env={"GOV_DEB_PACKAGES": "gov-no-such-package bash"}, user="nobody")
    assert result.returncode != 0
    assert error_lines(result) == [
        "error: missing Debian packages; run: sudo apt-get update && "
        "sudo apt-get install -y gov-no-such-package"]


def test_unknown_command():
    result = run_gov("frobnicate")
    assert result.returncode != 0
    assert error_lines(result) == ["error: unknown command 'frobnicate'; see the Makefile"]


def _drop_db(name):
    """Drop the database ``name`` a test made, with its files and the state gov.sh keeps of it."""
    import odoo
    odoo.sql_db.close_db(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % name)  # a name the test made
    for path in (ROOT / ".state" / ("db-%s.modules" % name), ROOT / ".state" / "conf" / ("%s.conf" % name)):
        if path.exists():
            path.unlink()
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def test_shell_of_a_missing_peer_database_says_how_to_make_it():
    import odoo
    name = "govcrm_no_peer_%s" % uuid.uuid4().hex[:8]

    def created():
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,))
            return cr.fetchone()[0]
    try:
        result = run_gov("shell", env={"GOV_DB": name, "GOV_PEER_DB": name, "GOV_MODULES": "web"})
        assert result.returncode != 0
        assert error_lines(result) == ["error: database %s does not exist yet (bench/peer.sh makes the peer's, "
                                       "'make test-odoo-bare' the bare one)" % name]
        refused = run_gov("db_ensure", env={"GOV_DB": name, "GOV_BARE_DB": name, "GOV_MODULES": "web"})
        assert refused.returncode != 0 and "is kept without the product" in refused.stderr
        assert not created()  # nothing was made on the way
    finally:
        if created():
            _drop_db(name)


# the database the next test builds first with db_ensure, early in the run (tests/early.py)
ENSURE_DB = "govcrm_ensure_%s" % uuid.uuid4().hex[:8]


def _drop_ensure_db():
    _drop_db(ENSURE_DB)


ENSURE_DB_CREATED = early.Work(
    early.named(__file__, "test_db_ensure_installs_a_new_addon_into_the_existing_database"),
    lambda: run_gov("db_ensure", env={"GOV_DB": ENSURE_DB, "GOV_MODULES": "web"}), _drop_ensure_db)
EARLY_WORK = [ENSURE_DB_CREATED]


def test_db_ensure_installs_a_new_addon_into_the_existing_database():
    """After a pull that adds an addon to the module list, the database keeps its data and
    gets the addon installed (before, the upgrade of the list skipped a module never installed)."""
    import odoo
    db = ENSURE_DB

    def state_of(module):
        with odoo.sql_db.db_connect(db).cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", (module,))
            row = cr.fetchone()
            return row and row[0]
    try:
        created = ENSURE_DB_CREATED.result()
        assert created.returncode == 0, created.stderr[-2000:]
        assert "==> creating database %s" % db in created.stdout
        with odoo.sql_db.db_connect(db).cursor() as cr:  # data the database must keep
            cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('gov.ensure.marker', 'kept')")
            cr.commit()
        assert state_of("gov_http") == "uninstalled" or state_of("gov_http") is None
        with odoo.sql_db.db_connect(db).cursor() as cr:  # an addon the database never listed (a new
            # dependency of an installed one comes the same way): Odoo reads the addons on disk first
            cr.execute("DELETE FROM ir_model_data WHERE model = 'ir.module.module' AND name = 'module_gov_http'")
            cr.execute("DELETE FROM ir_module_module WHERE name = 'gov_http'")
            cr.commit()
        assert state_of("gov_http") is None
        odoo.sql_db.close_db(db)

        pulled = run_gov("db_ensure", env={"GOV_DB": db, "GOV_MODULES": "web,gov_http"})
        assert pulled.returncode == 0, pulled.stderr[-2000:]
        assert "==> %s lacks gov_http: installing" % db in pulled.stdout
        assert "creating database" not in pulled.stdout
        assert state_of("gov_http") == "installed"
        with odoo.sql_db.db_connect(db).cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'gov.ensure.marker'")
            assert cr.fetchall() == [("kept",)]

        again = run_gov("db_ensure", env={"GOV_DB": db, "GOV_MODULES": "web,gov_http"})
        assert again.returncode == 0 and "lacks" not in again.stdout and "upgrading" not in again.stdout

        # the same database taken for the benchmark's peer: a shell opens it as it is, and nothing of
        # the module list it lacks is installed into it, by the shell or by db_ensure
        kept = {"GOV_DB": db, "GOV_PEER_DB": db, "GOV_MODULES": "web,gov_http,auth_totp"}
        shell = run_gov("shell", env=kept, input_text="print('totp installed:', env['ir.module.module'].search_count("
                                                      "[('name', '=', 'auth_totp'), ('state', '=', 'installed')]))\n")
        assert shell.returncode == 0, shell.stderr[-2000:]
        assert "==> %s opened as it is" % db in shell.stdout
        assert "totp installed: 0" in shell.stdout and "lacks" not in shell.stdout
        refused = run_gov("db_ensure", env=kept)
        assert refused.returncode != 0
        assert error_lines(refused) == [
            "error: %s is kept without the product (the benchmark's peer, or Odoo's own tests alone): nothing is "
            "installed into it; 'GOV_DB=%s scripts/gov.sh shell' opens it as it is" % (db, db)]
        assert state_of("auth_totp") != "installed"
    finally:
        _drop_ensure_db()
