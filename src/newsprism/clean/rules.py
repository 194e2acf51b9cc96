"""Line rules: which lines and fragments of scraped news text are boilerplate, and why.

Each rule is a reason code and an anchored regular expression over one stripped line.
The expressions are linear (no nested quantifiers over the same characters) so a long
line costs time proportional to its length.

Reason codes (``Removed.reason``):

``navigation``     site chrome: "Skip to Content", "More", "CLOSE", topic labels, "Video"
``advertisement``  "Advertisement", "Story continues below", also glued to a paragraph
``share_prompt``   share/follow/like prompts, "Share this post!", "Read or Share this story"
``newsletter``     sign-up, subscribe and alert prompts
``promo``          app, donation and tip-line promotions, contact-the-newsroom lines
``sponsored``      "Sponsored Content" and paid-post labels
``related``        related-story lists: "Recommended Stories", "Read more:", "Related:"
``comments``       comment-section prompts and community guidelines
``copyright``      copyright and licensing lines
``wire_footer``    wire-service sign-offs such as "The-CNN-Wire" or a lone "Associated Press"
``contributor``    "Reporting by ...; Editing by ...", "X contributed to this report"
``disclaimer``     "The opinions expressed ...", transcript notices, "This article is more than"
``caption``        photo/video captions (including a truncated caption repeated in full)
``photo_credit``   photo credit lines ("Name/Agency via Outlet", "Image copyright ...")
``separator``      lines of punctuation only ("___", "***")
``html_chrome``    markup left in text: "[pullquote]", "poster=...", stray tags
``html_tag``       inline tags such as ``<i>`` or ``<br/>`` removed from a kept line
``duplicate``      a line repeated verbatim earlier in the document, or a pull quote
``bio``            an author's biography among the last lines ("Jane Doe is a columnist ...")
``highlights``     a "Story highlights" block above the article
``title``          the headline, moved to ``Article.title``
``byline``         the byline, moved to ``Article.authors``
``date``           a publication-date line or prefix, moved to ``Article.published``
``timestamp``      a relative time stamp the page showed ("7 years ago"), which dates nothing
``dateline``       the dateline prefix of the first paragraph, moved to ``Article.dateline``
"""

from __future__ import annotations

import re

# Lines longer than this (in words) are never judged boilerplate by the phrase rules below:
# every boilerplate line seen in the seeds and in the AllSides sample (4,000 articles) is
# shorter; the longest (a newsletter pitch) has 38 words.
MAX_BOILERPLATE_WORDS = 45
# A caption that ends with its credit ("… were present. Photo: Jane Doe") can run longer.
MAX_CREDITED_CAPTION_WORDS = 60

_I = re.IGNORECASE

# A credit such as "Jane Doe/Agency", "Jane Doe/Agency/Getty Images", "Name/Agency via Outlet".
_CREDIT_NAME = r"[A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,4}"
_CREDIT_CORE = rf"{_CREDIT_NAME}(?:\s*/\s*{_CREDIT_NAME}){{1,4}}(?:\s+via\s+{_CREDIT_NAME})?"
_AGENCY = (
    r"(?:AP|AFP|Reuters|Getty(?: Images)?|EPA(?:-EFE)?|Pool|Shutterstock|Sipa|Abaca|"
    r"Bloomberg|AP Photo|Xinhua|TASS|Anadolu|SOPA Images|NurPhoto|Redux|Zuma(?: Press)?|"
    r"CNN Newsource|Sputnik|Associated Press|Agence France-Presse)"
)

# Whole-line rules, tried in order; the first match decides the reason. A rule is
# (reason, pattern the whole line must match). Patterns have at most one unbounded or
# bounded ".{0,N}" run per alternative, so matching stays linear in the line length.
_FULL_RULES: tuple[tuple[str, str, int], ...] = (
    ("navigation", r"skip to (?:main )?(?:content|navigation)|jump to (?:main )?content", _I),
    ("timestamp", r"(?:updated |posted |published )?(?:an?|\d{1,3}) (?:years?|months?|weeks?|days?|hours?|minutes?|mins?) ago", _I),
    ("comments", r"jump to comments\W*|be part of the conversation|join the (?:conversation|discussion)\W*"
     r"|comments?(?: \(\d+\))?|show comments|view comments|\d+ comments?"
     r"|(?:have your say\W*)?(?:leave|post|add) (?:a|your) comments?(?: below)?\W*|have your say\W*"
     r"|respond to this (?:post|story|article) on .{1,80}", _I),
    ("advertisement", r"advertisement\W*(?:continue reading (?:the main story|below))?|ad|ads|"
     r"story continue[sd] below\W*|article continues (?:below|after (?:this )?advertisement)\W*|"
     r"continue reading (?:the main story|below)\W*|\(?advertisement\)?\W*", _I),
    ("sponsored", r"sponsored(?: content| stories| links)?(?: below)?\W*|sponsored by .{0,60}|"
     r"paid (?:post|content)(?: by .{0,40})?|promoted (?:stories|content)\W*", _I),
    ("share_prompt", r"share this (?:post|article|story)!?.{0,60}|share on (?:facebook|x|twitter|whatsapp|linkedin)\b.{0,80}|comparte(?: esta)? (?:noticia|nota|artículo)\W*|partager (?:cet|l')article\W*|artikel teilen\W*|share(?:\W+(?:tweet|facebook|twitter|email"
     r"|post|whatsapp|copy link|pinterest|linkedin))*\W*|read or share this story:?.{0,200}|"
     r"(?:listen to article \S+ )?share this article share tweet post email|share this:.{0,80}|"
     r"(?:like|join) us on facebook\b.{0,40}|(?:- )?follow (?:the )?\w+ on twitter:? @\w+.{0,40}|"
     r"follow (?:us|@\w+|\w+ on (?:twitter|x|facebook))\b.{0,80}|"
     r"subscribe to our (?:youtube channel|podcast).{0,60}|"
     r"what do you think\?|email|link copied|let us know what you(?:'|’)re thinking\b.{0,100}|email\s*\|?\s*print|print\s*\|?\s*email|tweet|pin it|whatsapp|(?:click|tap) (?:here )?to share.{0,40}", _I),
    ("newsletter", r"(?:daily |opinion )?newsletters?(?: sign[- ]?up)?\W*|manage newsletters\W*|"
     r"(?:get [\w' ]{1,40} )?subscribe to the [\w'’ ]{1,40} newsletter\W*|"
     r"thank you for signing up\b.{0,120}|"
     r"sign up for (?:the|our) [\w'’ ]{1,50}(?:briefing|newsletter|alerts?|digest)\W*|"
     r"stay informed!?.{0,200}|subscribe(?: here| now| today)?\W*|\W*want fox news (?:first )?in your inbox.{0,80}", _I),
    ("bio", r"write to [\w .,'’-]{2,80} at \S+@\S+(?:,? (?:and )?[\w .'’-]{2,80} at \S+@\S+){0,4}", _I),
    ("promo", r"click here (?:to|for) (?:get |download )?the .{0,40}app\W*|get the \w+(?: \w+){0,3} app\W*|"
     r"download (?:the|our) .{0,30}app.{0,60}|support \S+(?: \S+){0,3} (?:journalism|reporting)\W*|"
     r"contact us at \S+@\S+|send letters to:?.{0,80}|got a tip.{0,120}|"
     r"something to consider if you enjoyed this article.*|"
     r"subscribe (?:on|to|in|via) .{0,120}\b(?:podcasts?|wherever you listen)\b.{0,60}|"
     r"read \S+(?: \S+){0,2} (?:new )?flipboard magazine\W*|send (?:us )?(?:a )?tips? to .{1,80}|"
     r"if you can(?:'|’)?t see this .{1,40}, please refresh .{0,40}|"
     r"visit \S+(?: \S+){0,3}'s homepage for more stories\W*|watch the latest video at \S+|"
     r"(?:listen|watch) (?:to )?(?:the )?(?:full )?(?:episode|podcast|video)(?: here)?\W*", _I),
    ("related", r"\(\s*[^():]{1,60}:[^()]{1,120}\)|\(\s*[^()]{1,80}\)|read more (?:about|on) .{1,80}|gallery:.{0,160}|(?:further|recommended) reading:.{0,160}|"
     r"[A-Z][\w ,'’-]{1,40}:(?=[A-Z“\"‘'])\S.{0,160}|recommended(?: stories| articles| for you| videos)?\W*|"
     r"list of \d+ items?\W*(?:end of list)?|end of list|"
     r"(?:read|see) (?:more|also)\W*|click here (?:to read|for) more\b.{0,80}|go deeper:?|(?-i:PHOTOS?):\s.{1,160}|"
     r"read more from .{1,60}|(?:see related|also see):?|more coverage (?:of|on) .{1,60}:|"
     r"click (?:here )?for more (?:from|on|about) .{1,60}|related(?: stories| articles| coverage| content| topics)?\W*|"
     r"(?:read|see) more:.{0,160}|related:.{0,160}|more:.{0,160}|more on this\W*|"
     r"more (?:from|stories|top stories|in) .{0,60}|(?:also )?read:.{0,160}|watch:.{0,160}|"
     r"\(\s*(?:photos?|video|full|related|also|more|read|see|map|poll)\b[^()]{0,120}\)|"
     r"full coverage:.{0,80}|you (?:may|might) also like\W*|trending(?: now| stories)?\W*|"
     r"most (?:read|popular|viewed)(?: (?:on|at|from|in) [\w .&'-]{1,40})?\W*|top stories\W*|article topic follows:.{0,40}|"
     r"(?:topics?|tags?|filed under):.{0,120}|see also:\s.{1,160}|"
     # capitalised labels of links to other stories and graphics ("SEE ALSO: …", "NOW WATCH: …")
     r"(?-i:STORY|NOW WATCH|WATCH LIVE|LIVE UPDATES|IN THE NEWS|SPECIAL COVERAGE|RECOMMENDED|GRAPHIC(?: VIDEO)?):\s.{1,160}",
     _I),
    ("promo", r"click (?:here )?(?:to|for) .{1,80}|"
     r"please upgrade your browser\b.{0,160}|thanks for watching!?(?: visit website)?\W*", _I),
    ("copyright", r"(?:™\s*&?\s*)?(?:©|\(c\)|copyright\b).{0,240}|"
     r"content created by .{0,80} is available without charge.*", _I),
    ("wire_footer", rf"the-cnn-wire|cnn newsource|(?:the )?associated press|{_AGENCY}|"
     r"(?:— |-- |- )?(?:reuters|ap|afp)\W*", _I),
    ("contributor", r"(?:additional )?(?:reporting|writing|editing|research|compiled|translated)"
     r"(?: and \w+)? by .{0,200}|contributing:.{0,120}|"
     r"(?:• ?)?this (?:article|story|report) (?:contains material from|was reported by|is based in part on|"
     r"includes (?:material|reporting) from) .{1,80}|with (?:\w+ )?wires?\W*|with wire services?\W*", _I),
    ("contributor", r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?: and [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})? contributed\.?", 0),
    ("disclaimer", r"the (?:opinions|views) expressed .{0,200}|this (?:story|article) (?:was|is) (?:published|produced|"
     r"reported) in partnership with .{0,80}|this (?:article|story|piece) (?:originally|first) appeared (?:in|on) .{0,80}|"
     r"this (?:story|article) is (?:breaking|developing) and will be updated\W*|"
     r"this (?:story|article) (?:will|may) be updated(?: as .{0,60})?\W*|"
     r"this (?:report|post|story|article) (?:has been|was) updated(?: (?:to|with|at|on) .{1,80})?\W*|"
     r"(?:editor[’']s note|correction|clarification|update)s?:.{0,400}|corrections? (?:&|and) amplifications?\W*|"
     r"as a public service, all our .{0,60} coverage is free\W*.{0,40}|this is a rush transcript.{0,160}|"
     r"this article is more than \w+ \w+ old\W*|opinion contributor|analysis/opinion:|opinion:|commentary:?", _I),
    ("caption", r"(?:file photo|file)\s*[:\-–—].{0,400}|source:.{0,200}\|.{0,80}|play video\b.{0,200}|(?:enlarge this image )?toggle caption.{0,200}|"
     r"enlarge this image.{0,200}|(?:next |prev(?:ious)? )+image \d+ of \d+|media playback is unsupported on your device.{0,300}|"
     r"(?:media|image) caption.{0,300}|"
     r"(?:photo|video|slideshow|gallery|image)s?(?: \(\d+ images?\))?\W*", _I),
    # a caption that opens with its credit: "Rina Holt/AP Pilots wait on the quay …"
    ("caption", rf"{_CREDIT_NAME}\s*/\s*{_AGENCY}\s+(?!Images\b)[A-Z“\"]\S*(?:\s+\S+){{2}}.{{0,400}}", 0),
    ("photo_credit", rf"(?i:image copyright|photo(?:graph)?:|photo by|credit:|image:|"
     rf"photo credit:?)\s*.{{0,120}}|\(?{_CREDIT_CORE}\)?(?:,\s*(?i:file))?|\((?:[^()]{{0,80}}/)?{_AGENCY}[^()]{{0,40}}\)", 0),
    ("navigation", r"a (?:revised|corrected|new|updated) version of this (?:post|story|article) is available here\W*|"
     r"more|close|loading\W*|menu|home|back to top\W*|next|previous|print|"
     r"up next|watch|video|listen|play|opens in (?:a )?new window|\[\+\] ?expand|"
     r"view (?:gallery|photos?)|click to (?:expand|enlarge)", _I),
    ("separator", r"[\W_]{1,40}", 0),
    ("html_chrome", r"\[/?(?:pullquote|break|caption|embed|video|image|gallery|ad|related)[^\]]{0,200}\]|"
     r"\w+=\"[^\"]*\".{0,400}|<[^>]{1,200}>|\[audio(?:-clip)?\]|"
     r"don(?:'|’)?t see the (?:graphic|chart|map|video|poll|table) above\?.{0,40}", _I),
)

# Keyword rules: the line matches when every pattern is found somewhere in it, and the line
# has at most the given number of words (a long paragraph that mentions "newsletter" is body).
_SEARCH_RULES: tuple[tuple[str, tuple[str, ...], int, tuple[str, ...]], ...] = (
    # (reason, patterns that must all be found, word limit, literal hints: one must be in the lower-cased line)
    ("comments", (r"is committed to providing a forum|keep your comments|community guidelines"
                  r"|comments? (?:are|is) (?:closed|moderated)|commenting (?:is|has been) (?:closed|disabled)",), 40,
     ("forum", "comment")),
    ("comments", (r"^if you would like to share a story idea|^have a (?:news )?tip\b",), 30, ("story idea", "tip")),
    ("comments", (r"\bjoin the (?:conversation|discussion)\b.{0,40}\bcomments?\b|^share your thoughts\b",), 30,
     ("join the", "share your thoughts")),
    ("newsletter", (r"^subscribe (?:to|for)\b|^(?:become a|get unlimited) (?:subscriber|member|access)\b",), 20,
     ("subscribe", "subscriber", "member", "unlimited")),
    ("newsletter", (r"\b(?:sign up|signup|sign-up|subscribe|subscribing|by signing up)\b"
                    r"(?:\W*$|\W+(?:here|now|today|below|for (?:our|the|free|daily|a|an|\w+'s)\b|to (?:our|receive|get)\b))",
                    r"\b(?:newsletters?|inbox|alerts?|e-?mail updates)\b"), 45, ("sign", "subscri")),
    ("newsletter", (r"delivered (?:straight |right |directly )?to your inbox|to your inbox for free",), 45, ("inbox",)),
    ("copyright", (r"\ball rights reserved\b|may not be (?:re)?(?:published|produced|reproduced|distributed)\b"
                   r".{0,40}\b(?:broadcast|rewritten|redistributed)\b",), 40,
     ("reserved", "may not be")),
    ("contributor", (r"\bcontributed (?:to )?(?:this |the )?(?:report|story|article)(?:ing)?\b\W*$"
                     r"|\bcontributed reporting\b|\bcontributed to (?:this|the) (?:report|story|article)\b",), 35,
     ("contributed",)),
    ("disclaimer", (r"transcripts are created on a rush deadline",), 90, ("rush deadline",)),
    ("newsletter", (r"^get breaking news alerts|meet your inbox|\bsubscribe (?:here|now|today)\b",), 45,
     ("alerts", "inbox", "subscribe")),
    ("promo", (r"^interested in [^?]{1,60}\? add\b",), 45, ("interested in",)),
    ("promo", (r"^something to consider if you enjoyed this article",), 120, ("something to consider",)),
    ("promo", (r"^you can read (?:diverse |more )?opinions from\b",), 60, ("opinions from",)),
    ("disclaimer", (r"^\(?this (?:version of the )?(?:story|article) (?:corrects|has been (?:corrected|updated))",), 60,
     ("this version", "has been")),
    ("disclaimer", (r"\ban earlier version of this (?:story|article|report|post)\b",), 60, ("earlier version",)),
    ("related", (r"^just watched\b.{0,200}\breplay more videos\b",), 80, ("just watched",)),
    ("related", (r"\bread more$",), 30, ("read more",)),
    # lines that end with their prompt: searched, behind a literal hint, rather than matched whole
    ("newsletter", (r"\bsubscribe to [\w .'’]{1,40} newsletters?\W*$",), 30, ("newsletter",)),
    ("comments", (r"\bjoin our facebook (?:community|group)\b",), 40, ("facebook",)),
    ("promo", (r", click here\W*$",), 20, ("click here",)),
    ("caption", (r"\bhide caption \d+ of \d+\b",), 2000, ("hide caption",)),
)

LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, flags)) for reason, pattern, flags in _FULL_RULES
)
SEARCH_RULES: tuple[tuple[str, tuple[re.Pattern[str], ...], int, tuple[str, ...]], ...] = tuple(
    (reason, tuple(re.compile(p, _I) for p in patterns), limit, hints) for reason, patterns, limit, hints in _SEARCH_RULES
)

# A caption that ends with a parenthesised photo credit: "... on Friday. (NAME/POOL/AFP via Getty Images)".
CAPTION_WITH_CREDIT = re.compile(
    rf"\((?:[^()]{{0,80}}/)?[^()]{{0,60}}\b(?:via|Getty|{_AGENCY}|Photo|Images)\b[^()]{{0,60}}\)\s*$"
    r"|\|\s*" + _CREDIT_CORE + r"\s*$"
    rf"|\b{_CREDIT_NAME}\s*/\s*{_AGENCY}(?: file)?$"
    # "... [Jane Doe/Outlet]", "... . REUTERS/Jane Doe", "... . Photo: Jane Doe for Outlet", "... 2020. Reuters"
    # (a bracketed credit names a person and an outlet: not "[Outlet, 6/27/13]" citations nor "[MKTS/GLOB]" codes)
    r"|\[(?=[^\]/]*\s)[^\[\]/]{2,60}/\s?[A-Za-z][^\[\]]{1,60}\]$"
    rf"|[.!?]\s+(?i:{_AGENCY})\s*/\s*{_CREDIT_NAME}$"
    r"|[.!?]\s*(?:Photo|Photograph|Image|Credit)s?:\s+[^.!?]{2,80}$"
    rf"|\d{{4}}\.\s+{_AGENCY}$"
)
# A link to an opinion piece, written "Headline: Author" ("Ferry fares are a tax on islanders:
# Clara Holt"): a headline of 3 words or more, then a name whose first word is a given name
# (checked against the names table by the cleaner), in a line of at most AUTHOR_LINK_WORDS
# that does not end a sentence.
AUTHOR_LINK = re.compile(r"(?P<head>[^:]{10,100}): (?P<name>[A-Z][a-z'’-]+(?: [A-Z][\w.'’-]+){1,2})")
AUTHOR_LINK_WORDS = 14

# An author's biography line at the end: "Jane Doe (@jdoe) is a columnist for ...", "Jane
# Doe, author of the new book …, is a columnist …".
BIO = re.compile(
    r"^(?:[•*-]\s*)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}(?:\s*\(@\w+\))?"
    r"(?:,\s+(?:the\s+)?(?:co-)?author of [^,]{3,160},|,)?\s+"
    r"(?:is|was|has been|serves as)\s+(?:a|an|the|also|now|editor|author|president|director|host|professor|"
    r"digital|senior|chief|executive|former|founder|co-founder)\b"
)
# A biography that gives the author's handle or address can sit a few lines above the end
# (above notes, footnotes or share buttons): "… He tweets @jdoe", "Follow her on Twitter".
BIO_CONTACT = re.compile(r"@\w|\btwitter\b|\btweets\b", re.IGNORECASE)
CREDIT_LINE = re.compile(rf"\(?{_CREDIT_CORE}\)?|{_AGENCY}(?:/{_AGENCY})*")

# Fragments removed from inside a kept line: (reason, pattern). "Advertisement" glued to a
# sentence end or line start, and CMS markers left mid-text.
FRAGMENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("advertisement", re.compile(r"(?<=[.!?\"”’])\s*\b(?:ADVERTISEMENT|Advertisement)\b:?(?=\s|$)")),
    ("advertisement", re.compile(r"^(?:ADVERTISEMENT|Advertisement):?\s+(?=[A-Z“\"‘'])")),
    ("advertisement", re.compile(r"\s*\bStory [Cc]ontinue[sd] [Bb]elow\b\s*")),
    ("copyright", re.compile(r"\s*Copyright © \d{4} The Washington Times, LLC\.(?: Click here for reprint permission\.)?\s*$")),
    ("html_chrome", re.compile(r"\s*\[/?(?:pullquote|break)\]\s*")),
    # an update notice closing the last paragraph: "... LNN will update this story as more
    # information becomes available.", "This story will be updated."
    ("disclaimer", re.compile(r"(?<=[.!?\"”’])\s+(?:[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3} will update this (?:story|article)"
                            r"|This (?:story|article) (?:will|may) be updated)(?: as [^.!?]{1,60})?\.\s*$")),
)

# Fragment rules only run on lines that contain one of these words.
FRAGMENT_HINT = re.compile(r"advertisement|continue[sd] below|copyright ©|\[/?(?:pullquote|break)\]|update this|be updated", re.IGNORECASE)

TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,300})?/?\s*>")
BREAK_TAG = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*p\s*>", re.IGNORECASE)


# An embedded tweet ends with its attribution: "— Jane Doe (@jdoe) May 25, 2018". Such lines
# are quoted content even when they hold a "Read more:" link.
TWEET_TAIL = re.compile(r"[—-] [^—]{1,80}\(@\w{1,30}\) \w+ \d{1,2}, \d{4}$")


# A line in capitals of at least this many words is another story's headline: over the 4,000
# AllSides articles, 160 such lines, nearly all links to other stories between a story's
# paragraphs; capitalised section headings seen run to 8 words. An article with at least
# CAPS_HEADINGS_DIGEST capitalised lines is a digest whose sections have such headings.
ALL_CAPS_TEASER_WORDS = 10
CAPS_HEADINGS_DIGEST = 4


def all_caps(line: str) -> bool:
    """Whether (nearly) every letter of ``line`` is a capital ("FIRST DOLLAR v. LAST DOLLAR")."""
    if line.isupper():
        return True
    if not line[:24].isupper():  # most lines: decided without counting their letters
        return False
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.97 * len(letters)


def classify_line(line: str) -> str | None:
    """The boilerplate reason of one stripped line, or None when it is body text."""
    if "(@" in line and TWEET_TAIL.search(line):
        return None
    words = len(line.split())
    if words <= MAX_BOILERPLATE_WORDS:
        for reason, pattern in LINE_RULES:
            if pattern.fullmatch(line):
                return reason
    lower = line.lower()
    for reason, patterns, limit, hints in SEARCH_RULES:
        if words <= limit and any(h in lower for h in hints) and all(p.search(line) for p in patterns):
            return reason
    if (words <= MAX_CREDITED_CAPTION_WORDS and ("/" in line or ")" in line or ":" in line or line[-1:].isalpha())
            and CAPTION_WITH_CREDIT.search(line) and not line.endswith(("”)", "\")"))):
        return "caption"
    return None
