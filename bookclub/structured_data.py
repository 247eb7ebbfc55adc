"""schema.org JSON-LD for a book page: a Book with its AggregateRating and the listed Reviews (no
spoiler's text)."""


def book_structured_data(book, review_items, canonical_url, request):
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
    if book.pages:
        data["numberOfPages"] = book.pages
    if book.format:
        data["bookFormat"] = book.format
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
