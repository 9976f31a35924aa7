"""A model's check constraints validated in one query, not one per constraint.

Django's `full_clean` asks the database about each `CheckConstraint` on its own
(`Q.check`): a savepoint, a `SELECT 1 WHERE <condition>` over the instance's values, the
savepoint released, each compiled anew. A case, a hearing, a ruling or a citation has three,
and every save through the services, the admin and the import runs `full_clean`. Here all the
check constraints of a model are one `SELECT` of one boolean per constraint, in one savepoint.

The answer is Django's: a condition that is NULL passes (as the database's CHECK does), a
constraint naming a field left out by `exclude` is skipped, a failing one raises its own
`violation_error_message` and `violation_error_code`, and a database error passes with a
warning. Other constraints (unique ones) are validated by Django as before.
"""

import logging
from contextlib import nullcontext

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connections, router, transaction
from django.db.models import BooleanField, CheckConstraint, ExpressionWrapper, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

logger = logging.getLogger(__name__)


def failing_checks(instance, model, constraints, *, exclude=None, using) -> list:
    """The check constraints of `model` among `constraints` that `instance` fails."""
    query = Query(None)
    against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    for name, value in against.items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    asked = []
    for constraint in constraints:
        passes = Coalesce(
            ExpressionWrapper(Q(constraint.condition), output_field=BooleanField()),
            Value(True),
            output_field=BooleanField(),
        )
        try:
            query.add_annotation(passes, f"_check_{len(asked)}")
        except FieldError:  # it names a field `exclude` leaves out: not validated
            continue
        asked.append(constraint)
    if not asked:
        return []
    connection = connections[using]
    atomic = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    try:
        with atomic:
            row = query.get_compiler(using=using).execute_sql(SINGLE)
    except DatabaseError as error:
        logger.warning("Got a database error checking %r: %s", asked, error)
        return []
    answers = row[-len(asked) :]
    return [constraint for constraint, ok in zip(asked, answers, strict=True) if not ok]


class BatchedChecksMixin:
    """Model mixin: `validate_constraints` with the check constraints in one query."""

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            checks = [c for c in constraints if isinstance(c, CheckConstraint)]
            failing = failing_checks(self, model_class, checks, exclude=exclude, using=using)
            for constraint in constraints:  # in their declared order, as Django reports them
                try:
                    if isinstance(constraint, CheckConstraint):
                        if constraint in failing:
                            raise ValidationError(
                                constraint.get_violation_error_message(),
                                code=constraint.violation_error_code,
                            )
                    else:
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
