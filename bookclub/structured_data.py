"""schema.org JSON-LD for a book page: a Book (the work) with its editions as workExample, its
AggregateRating and the listed Reviews (no spoiler's text)."""

# schema.org's BookFormatType for each of the site's formats.
BOOK_FORMATS = {
    "hardcover": "https://schema.org/Hardcover",
    "paperback": "https://schema.org/Paperback",
    "ebook": "https://schema.org/EBook",
    "audiobook": "https://schema.org/AudiobookFormat",
}


def edition_item(edition, request):
    item = {"@type": "Book", "name": edition.display_title}
    if edition.format in BOOK_FORMATS:
        item["bookFormat"] = BOOK_FORMATS[edition.format]
    if edition.format_detail:
        item["bookEdition"] = edition.format_detail
    if edition.isbn13:
        item["isbn"] = edition.isbn13
    if edition.pages:
        item["numberOfPages"] = edition.pages
    if edition.audio_seconds:
        hours, rest = divmod(edition.audio_seconds, 3600)
        item["timeRequired"] = f"PT{hours}H{rest // 60}M"
    if edition.language:
        item["inLanguage"] = edition.language
    if edition.publisher:
        item["publisher"] = {"@type": "Organization", "name": edition.publisher}
    if edition.published_on:
        item["datePublished"] = edition.published_on.isoformat()[
            : {"day": 10, "month": 7, "year": 4}[edition.published_precision]
        ]
    translators = list(edition.translators.all())
    if translators:
        item["translator"] = [
            {"@type": "Person", "name": person.name, "url": request.build_absolute_uri(person.get_absolute_url())}
            for person in translators
        ]
    return item


def book_structured_data(book, review_items, canonical_url, request, editions=()):
    data = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": book.title,
        "url": canonical_url,
        "author": [
            {"@type": "Person", "name": author.name, "url": request.build_absolute_uri(author.get_absolute_url())}
            for author in book.authors.all()
        ],
    }
    if book.description:
        data["description"] = book.description
    if book.original_language:
        data["inLanguage"] = book.original_language
    if editions:
        data["workExample"] = [edition_item(edition, request) for edition in editions]
    if book.first_published:
        data["datePublished"] = book.first_published.isoformat()[
            : {"day": 10, "month": 7, "year": 4}[book.first_published_precision]
        ]
    if book.cover:
        data["image"] = request.build_absolute_uri(book.cover.url)
    if book.series_id:
        data["isPartOf"] = {
            "@type": "BookSeries",
            "name": book.series.name,
            "url": request.build_absolute_uri(book.series.get_absolute_url()),
        }
        if book.series_position is not None:
            data["position"] = book.series_position_display
    if book.rating_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{book.rating_average:.2f}",
            "ratingCount": book.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    data["review"] = review_items
    return data


def review_item(review):
    """A listed review as schema.org's Review (made with the page of reviews it is on)."""
    item = {
        "@type": "Review",
        "author": {"@type": "Person", "name": review.reviewer.name if review.reviewer_id else "Anonymous"},
    }
    if not review.has_spoilers:  # a spoiler stays behind its warning, for search engines too
        item["reviewBody"] = review.plain_text
    if review.reviewed_on:
        item["datePublished"] = review.reviewed_on.isoformat()
    if review.rating:
        item["reviewRating"] = {"@type": "Rating", "ratingValue": review.rating, "bestRating": 5, "worstRating": 1}
    return item
