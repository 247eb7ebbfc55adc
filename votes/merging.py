"""A merge of two books moves their nominations, and a round that nominated both keeps one.

Rule for a round with both: the earlier nomination is kept (with the later's pitch below its own);
a ballot that ranked both keeps the better of the two ranks, the others close up; a ballot that ranked
only the later one ranks the kept one in its place. A closed round's winner follows. The stored
count of a closed round stays as it was published.
"""

from catalogue.merging import merge_step, on_both

from .models import Choice, Nomination, Round


@merge_step("votes.Nomination.book")
def move_nominations(*, keep, gone, report):
    for round_id in on_both(Nomination.objects.all(), "round", keep=keep, gone=gone):
        kept, dropped = Nomination.objects.filter(round_id=round_id, book__in=[keep, gone]).order_by("created_at", "pk")
        if dropped.pitch and dropped.pitch not in kept.pitch:
            kept.pitch = f"{kept.pitch} / {dropped.pitch}".strip(" /")[:280]
        for choice in list(Choice.objects.filter(nomination=dropped).select_related("ballot")):
            other = Choice.objects.filter(ballot=choice.ballot_id, nomination=kept).first()
            if other is None:
                Choice.objects.filter(pk=choice.pk).update(nomination=kept)
                continue
            # Ranked both: the better rank stays, for the kept book; the ranks after it close up.
            best = min(choice.rank, other.rank)
            Choice.objects.filter(pk__in=[choice.pk, other.pk]).delete()
            Choice.objects.create(ballot_id=choice.ballot_id, nomination=kept, rank=best)
            following = Choice.objects.filter(ballot_id=choice.ballot_id, rank__gt=best).order_by("rank")
            for rank, later in enumerate(list(following), start=best + 1):
                if later.rank != rank:
                    Choice.objects.filter(pk=later.pk).update(rank=rank)
        Round.objects.filter(pk=round_id, winner=dropped).update(winner=kept)
        if dropped.nominated_by_id:
            report.note(
                dropped.nominated_by_id, f"Member #{dropped.nominated_by_id}'s nomination joined an earlier one."
            )
        dropped.delete()
        kept.book = keep
        kept.save()
    report.count("nominations", Nomination.objects.filter(book=gone).update(book=keep))
