"""Write the server configuration for one database: odoo.conf plus overrides.

Usage: render_conf.py SOURCE TARGET key=value ... [section:key=value ...]

A key without a section is one of [options]; ``queue_job:channels=root:0`` sets the job
runner's channels.
"""
import configparser
import sys


def main():
    source, target, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    parser = configparser.RawConfigParser()
    parser.read(source)
    for pair in pairs:
        key, _, value = pair.partition("=")
        section, _, key = key.rpartition(":")
        section = section or "options"
        if not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, key, value)
    with open(target, "w") as out:
        parser.write(out)


if __name__ == "__main__":
    main()
