# Rule sets in the console (/ops/rules): program years side by side, drafts, what-if, activation (R14).
ops-rules-title = Rule sets
ops-rules-intro = The thresholds, fees and KPI points of each program year. A rule set applies from its effective date (R14): upload a draft, try it on every partner, then activate it.
ops-rules-years-heading = Program years side by side
ops-rules-years-help = One column per rule set, by effective date. A highlighted value differs from the column before it.
ops-rules-setting = Setting
ops-rules-from = from
ops-rules-changed = Changed from the rule set before
ops-rules-drafts-heading = Uploaded rule sets
ops-rules-drafts-none = No rule set has been uploaded yet.
ops-rules-draft-name = Rule set
ops-rules-draft-state = State
ops-rules-draft-uploaded = Uploaded
ops-rules-draft-effective = In force from
ops-rules-state-draft = Draft
ops-rules-state-active = Active
ops-rules-state-discarded = Discarded
ops-rules-uploaded = Uploaded on { $date } by { $who }
ops-rules-upload-heading = Upload a draft
ops-rules-upload-help = A rule set file in the format of docs/rules.md. It is checked exactly as `lpc rules check` checks a file; a draft decides nothing until it is activated.
ops-rules-upload-file = Rule set file (.toml)
ops-rules-upload-file-help = Choosing a file copies its text into the box below; you can also paste the text.
ops-rules-upload-text = Rule set text (TOML)
ops-rules-upload-submit = Check and store the draft
ops-rules-upload-refused = The rule set was not stored. Errors found: { $count }.
ops-rules-upload-empty = Choose a rule set file or paste its text.
ops-rules-upload-too-large = A rule set file is at most 256 KiB.
ops-rules-upload-ok = The draft passed every check and is stored. Run a what-if to see who it changes.
ops-rules-error-place = line { $line }, column { $column }
ops-rules-error-line = line { $line }
ops-rules-error-nowhere = whole file
ops-rules-compare-heading = The draft next to the rule set in force
ops-rules-compare-help = The rule set in force on the draft's date, then the draft. Highlighted values are what the draft changes.
ops-rules-what-if-title = What-if
ops-rules-what-if-help = Every partner judged on a date under the draft and under the rule set in force then: who would gain or lose which option, and which requirements make the difference.
ops-rules-what-if-on = Judge on
ops-rules-what-if-run = Run the what-if
ops-rules-what-if-heading = Draft { $draft } against { $before }, on { $date }: { $partners } partners judged.
ops-rules-what-if-csv = Download as CSV
ops-rules-what-if-tiers = Partners gaining and losing each tier
ops-rules-what-if-per-option = Per option and competency
ops-rules-what-if-option = Option
ops-rules-what-if-gaining = Partners gaining it
ops-rules-what-if-losing = Partners losing it
ops-rules-what-if-changes = Who gains or loses what, and why
ops-rules-what-if-none = No partner gains or loses any option under this draft.
ops-rules-what-if-partner = Partner
ops-rules-what-if-change = Change
ops-rules-what-if-why = Why
ops-rules-what-if-gains = Gains
ops-rules-what-if-loses = Loses
ops-rules-what-if-more = The first { $shown } of { $total } changes are shown; the CSV has them all.
ops-rules-why-amount = Has { $actual }; the rules in force { $before_required -> 
    [yes] require { $before }
   *[no] do not require it
} and the draft { $after_required -> 
    [yes] requires { $after }.
   *[no] does not.
}
ops-rules-why-flag = { $actual -> 
    [yes] Meets it
   *[no] Does not meet it
}; the rules in force { $before -> 
    [yes] require it
   *[no] do not require it
} and the draft { $after -> 
    [yes] does.
   *[no] does not.
}
ops-rules-back-to-draft = Back to the draft
ops-rules-yes = yes
ops-rules-no = no
ops-rules-req-mct_count = Active MCTs
ops-rules-req-exam_passes = Exam passes
ops-rules-req-kpi_points = KPI points
ops-rules-req-performance_commitment = Performance commitment
ops-rules-req-action_pack_subscription = Action Pack subscription
ops-rules-req-fee_paid = Fee paid
ops-rules-activate-heading = Activate
ops-rules-activate-help = From its effective date on, every decision about that date uses this rule set (R14). The date must be today or later, and no other rule set may take effect the same day.
ops-rules-activate-date = Effective from
ops-rules-activate-submit = Activate the rule set
ops-rules-activate-not-a-date = Enter the effective date as a date (YYYY-MM-DD).
ops-rules-activate-past = { $date } is in the past (today is { $today }): under R14 a rule set takes effect today or later, so that decisions already made keep their rules. Nothing was activated.
ops-rules-activate-refused = Not activated: { $detail }
ops-rules-activated = The rule set is active: it is in force from { $date } (R14).
ops-rules-discard = Discard the draft
ops-rules-discarded = Draft #{ $id } was discarded.
ops-rules-differences = Settings that differ
ops-rules-all-settings = Every setting
# The rule files' settings, named for people (the key stays beside them).
ops-rules-setting-name = Name
ops-rules-setting-effective_from = In force from
ops-rules-setting-guidelines_version = Performance Guidelines version
ops-rules-setting-silver_to_gold_discount_percent = Silver-to-gold upgrade discount (%)
ops-rules-setting-invoice_future_days = Days an invoice may be dated ahead
ops-rules-setting-tiers = Learning options
ops-rules-setting-exams = Exams
ops-rules-setting-title = Title
ops-rules-setting-competencies = Competencies
ops-rules-setting-mct_count = Active MCTs
ops-rules-setting-exam_passes = Exam passes
ops-rules-setting-kpi_points = KPI points
ops-rules-setting-kpi_at_enrollment = KPI points required at enrollment
ops-rules-setting-kpi_at_renewal = KPI points required at renewal
ops-rules-setting-performance_commitment = Performance commitment
ops-rules-setting-fee = Fee
ops-rules-setting-points_per_unit = Points per purchase unit
ops-rules-setting-cap = Cap
ops-rules-setting-description = Description
ops-rules-setting-omlp_types = OMLP types
ops-rules-setting-points = Points
ops-rules-setting-from = From
ops-rules-setting-to = To
ops-rules-setting-waives = Waives
ops-rules-setting-fee_due = Fee due
ops-rules-setting-excluded_competencies = Competencies excluded
ops-rules-group-exams = Exam
ops-rules-group-caps = Cap
ops-rules-group-waivers = Waiver
