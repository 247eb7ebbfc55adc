"""Every kind of a member's own rows that their part of a shared page shows, declared in one place.

See pagecache.mine: each kind is kept whole in the cache per member, fetched with the member in one
round trip, dropped for its owner by every write to its model, and answered in templates by
{% choice "mine" "<kind>" key [author id] %} or in views by request.mine.get(kind, key).
"""

from pagecache.mine import Kind, register

register(
    # The shelf buttons of a book: which shelf it is on.
    Kind("shelves", "shelves.ShelfEntry", owner="user_id", key="book_id", value="shelf"),
    # "Your review" of a book: the member has rated or reviewed it.
    Kind("reviews", "reviews.Review", owner="reviewer_id", key="book_id", where=(("source", "member"),)),
    # The stars of a book, as the member rated it.
    Kind(
        "ratings",
        "reviews.Review",
        owner="reviewer_id",
        key="book_id",
        value="rating",
        where=(("source", "member"), ("rating__isnull", False)),
    ),
    # Like or Liked under others' reviews.
    Kind("likes", "reviews.ReviewLike", owner="user_id", key="review_id"),
    # How far they have read each thread: unread counts, the jump to the first unread post.
    Kind("visits", "discussions.ThreadVisit", owner="user_id", key="thread_id", value="last_read_number"),
    # Follow or Unfollow on a thread.
    Kind(
        "followed_threads", "discussions.ThreadVisit", owner="user_id", key="thread_id", where=(("is_following", True),)
    ),
    # Where the member is in each book on their shelves: locked threads, spoiler markers, the progress form.
    Kind("progress", "shelves.ShelfEntry", owner="user_id", key="book_id", value="progress_mark"),
    # The member's role in each club they belong to: who may see a private club, and its controls.
    Kind("clubs", "clubs.Membership", owner="user_id", key="club_id", value="role"),
    # Their requests to join closed clubs: "pending" or "declined".
    Kind("club_requests", "clubs.JoinRequest", owner="user_id", key="club_id", value="status"),
    # Follow or Unfollow on other members' profiles.
    Kind("follows", "accounts.Follow", owner="follower_id", key="followed_id"),
    # Their answers to meetings, and which of their yeses wait for a place.
    Kind("rsvps", "meetings.Rsvp", owner="user_id", key="meeting_id", value="answer"),
    Kind("waiting", "meetings.Rsvp", owner="user_id", key="meeting_id", where=(("waiting", True),)),
    # The rounds they have voted in.
    Kind("ballots", "votes.Ballot", owner="voter_id", key="round_id"),
    # Their unread notifications: the count in the header.
    Kind(
        "notifications",
        "notifications.Notification",
        owner="recipient_id",
        key="pk",
        where=(("read_at__isnull", True),),
    ),
    # "You reported this" instead of Report, on what the member reported ("review:12").
    Kind("reports", "moderation.Report", owner="reporter_id", key=("case__kind", "case__object_id")),
)
