"""Writing rows only where they differ from what is wanted, so that a second run changes nothing."""


class Sync:
    """Counts in ``changes`` the rows it creates, saves or deletes."""

    def __init__(self):
        self.changes = 0

    def upsert(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.changes += 1
            return obj
        changed = [field for field, value in values.items() if getattr(obj, field) != value]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            obj.save()
            self.changes += 1
        return obj

    def sync_children(self, model, parent_field, parent, rows):
        """Upsert ``rows`` (pairs of lookup and values) under ``parent``; drop the others."""
        kept = [
            self.upsert(model, {parent_field: parent, **lookup}, values) for lookup, values in rows
        ]
        stale = model.objects.filter(**{parent_field: parent}).exclude(
            pk__in=[obj.pk for obj in kept]
        )
        removed, _ = stale.delete()
        self.changes += removed
        return kept

    def sync_m2m(self, manager, objects):
        if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in objects}:
            manager.set(objects)
            self.changes += 1
