from lib.language import name_for_reader


def test_a_thai_reader_reads_the_thai_name():
    assert name_for_reader("th_TH", "งานทะเบียนราษฎร", "Civil Registration") == "งานทะเบียนราษฎร"


def test_another_reader_reads_the_english_name_when_there_is_one():
    assert name_for_reader("en_US", "งานทะเบียนราษฎร", "Civil Registration") == "Civil Registration"
    assert name_for_reader(False, "งานทะเบียนราษฎร", "Civil Registration") == "Civil Registration"
    assert name_for_reader("en_US", "งานทะเบียนราษฎร", False) == "งานทะเบียนราษฎร"
