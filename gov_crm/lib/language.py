"""Which of a record's two names a reader sees: the agency keeps a Thai name for every
service and department and, where it has one, an English name."""

THAI = "th_TH"


def name_for_reader(lang, thai_name, english_name):
    """The name a reader of ``lang`` reads: the English one when they do not read Thai and
    there is one, the Thai one otherwise."""
    return english_name if lang != THAI and english_name else thai_name
