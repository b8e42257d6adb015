"""Write the server configuration for one database: odoo.conf plus overrides.

Usage: render_conf.py SOURCE TARGET key=value ...
"""
import configparser
import sys


def main():
    source, target, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
    parser = configparser.RawConfigParser()
    parser.read(source)
    for pair in pairs:
        key, _, value = pair.partition("=")
        parser.set("options", key, value)
    with open(target, "w") as out:
        parser.write(out)


if __name__ == "__main__":
    main()
