# The program's announcements (R32): the console, the partner's overview, the Atom feed and
# the announcement the rule-set what-if drafts (R14).

ops-nav-announcements = Announcements
ann-title = Announcements
ann-intro = What the program tells its partners: shown on every partner's overview from its first day to its last (in the reader's language, else in English), mailed once to every partner admin on its first day, and published in the public Atom feed.
ann-new-title = New announcement
ann-edit-title = Change an announcement
ann-publish = Publish
ann-save = Save the changes
ann-back = All announcements
ann-form-intro = English is required; Japanese and Italian readers see their version when there is one, else the English one, marked as such. An announcement can be changed until its first day.
ann-feed-link = Public Atom feed
ann-list-heading = Announcements, newest first
ann-none = No announcement yet.
ann-col-title = Title (English)
ann-col-languages = Languages
ann-col-starts = First day
ann-col-ends = Last day
ann-col-status = State
ann-col-mailed = Mailed
ann-col-actions = Actions
ann-no-end = Until withdrawn
ann-status-scheduled = Scheduled
ann-status-active = Shown
ann-status-ended = Ended
ann-status-withdrawn = Withdrawn
ann-mailed-on-start = On its first day
ann-edit = Change
ann-withdraw = Withdraw
ann-published-notice = Announcement { $id } published. { $mailed ->
    [0] No mail queued now: partner admins are mailed once, on its first day.
    [one] One partner admin is mailed.
   *[other] { $mailed } partner admins are mailed.
}
ann-saved-notice = Announcement { $id } saved.
ann-withdrawn-notice = Announcement { $id } withdrawn: it ends today and partners no longer see it.
ann-withdraw-refused = Announcement { $id } was withdrawn or has ended already: there is nothing to withdraw (R32).
ann-edit-refused = Announcement { $id } has started or was withdrawn: what partners may have read is not changed. Withdraw it and publish another (R32).
ann-prefilled-notice = Prefilled in English from the what-if of rule-set draft { $draft } (R14): check the text, and add Japanese and Italian versions if you wish.
ann-version-en = English
ann-version-ja = Japanese
ann-version-it = Italian
ann-optional = optional
ann-label-title = Title
ann-label-text = Text
ann-text-help = Plain text: a blank line starts a new paragraph; http:// and https:// addresses become links. A title has at most 200 characters, a text at most 10,000.
ann-field-starts-on = First day shown
ann-starts-help = Today unless you choose a later day. Partner admins are mailed on that day.
ann-field-ends-on = Last day shown (optional)
ann-ends-help = Empty: shown until you withdraw it.
ann-field-title = Title ({ $language })
ann-field-text = Text ({ $language })
ann-error-required-en = { $field }: required, every announcement has an English version (R32).
ann-error-required-pair = { $field }: required, a version in another language has both a title and a text (R32).
ann-error-too-long = { $field }: { $chars } characters, at most { $max } (R32).
ann-error-starts-past = { $field }: before today ({ $today }); an announcement starts today or later (R32).
ann-error-ends-before-start = { $field }: before the first day ({ $start }); an announcement ends on or after the day it starts (R32).
ann-error-language = Announcements are written in English, Japanese or Italian (R32).
ann-error-date = { $field }: not a date (YYYY-MM-DD).
ann-what-if-button = Draft an announcement
ann-what-if-help = Opens the announcement form with this change of the KPI requirements summarized in English, from today (R14).

ann-block-title = Announcements from the program
ann-block-since = Since { $date }
ann-fallback = Shown in English: there is no version in your language yet.
ann-dismiss = Dismiss

ann-feed-title = Learning Partner Program announcements
ann-feed-subtitle = What the program announces to its partners, such as next year's KPI requirements (R14, R32).

ann-draft-title = KPI requirements change on { $date }
ann-draft-intro = The Learning Partner Program's KPI requirements change every year (R14). From { $date }, decisions follow the rule set { $draft } instead of { $before }.
ann-draft-tiers = The requirements from { $date }:
ann-draft-tier = - { $tier }: { $requirements }
ann-draft-mct = { $count ->
    [one] one active Microsoft Certified Trainer
   *[other] { $count } active Microsoft Certified Trainers
}
ann-draft-exams = { $count ->
    [one] one passed exam mapped to the competency in the last 12 months
   *[other] { $count } passed exams mapped to the competency in the last 12 months
}
ann-draft-points = { $points } KPI points { $when }
ann-draft-when-both = at enrollment and at each renewal
ann-draft-when-enrollment = at enrollment
ann-draft-when-renewal = at each renewal
ann-draft-commitment = the commitment to the Performance Guidelines
ann-draft-fee = a fee of { $fee }
ann-draft-was = { $value } (until then: { $before })
ann-draft-new = { $value } (new)
ann-draft-dropped = no longer { $before }
ann-draft-counts = On today's data, judged on { $date }, among { $partners } partners:
ann-draft-count = - { $tier }: { $gaining } would become eligible and { $losing } would no longer be.
ann-draft-outro = Your KPI dashboard and your renewal forecast show where your organization stands.
