from . import test_agency_documents
