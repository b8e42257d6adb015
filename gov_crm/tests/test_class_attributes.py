"""What is worked out from a model's fields is kept on its class until the model is set up again."""
import unittest

from ..tools.class_attributes import per_setup


class TestPerSetup(unittest.TestCase):

    def test_kept_until_the_fields_are_set_up_again(self):
        class Model(object):
            _fields = {"name": "a field"}

        computed = []

        def names(model):
            computed.append(model)
            return sorted(model._fields)

        first, second = Model(), Model()
        self.assertEqual(per_setup(first, "_known_names", names), ["name"])
        self.assertEqual(per_setup(second, "_known_names", names), ["name"])
        self.assertEqual(computed, [first])  # once for the class, whichever record asks
        Model._fields = {"name": "a field", "code": "another"}  # a new set-up: new field objects
        self.assertEqual(per_setup(first, "_known_names", names), ["code", "name"])
        self.assertEqual(computed, [first, first])
        # another attribute is worked out on its own
        self.assertEqual(per_setup(first, "_known_count", lambda model: len(model._fields)), 2)
