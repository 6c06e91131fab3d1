# The renewal forecast (issue 19; R14, R17, R19, R23): /partner/{mpn}/forecast and the
# overview's cards in the 90 days before an anniversary.
forecast-title = Renewal forecast
forecast-intro = Your renewal is judged on the twelve complete months before the anniversary month (R19), while your KPI dashboard shows the twelve months of the latest report (R17). Here is what still counts, what is still missing, and by when.
forecast-none = No active membership: nothing to renew.
forecast-overview-title = Renewals ahead
forecast-card-title = { $option }: renewal forecast
forecast-see-all = See the whole forecast
forecast-today = today
forecast-in-days = { $days ->
        [one] in 1 day
       *[other] in { $days } days
    }
forecast-days-ago = { $days ->
        [one] 1 day ago
       *[other] { $days } days ago
    }
forecast-outcome-renews = With today's data it renews on { $date }.
forecast-outcome-waived = With today's data it renews on { $date } under the program's waiver policy (R23); the fee is still due.
forecast-outcome-lapses = With today's data it would lapse on { $lapse }: see what is missing below.
forecast-outcome-order = The renewal waits for the payment of order { $order }.
forecast-outcome-pending = Not decided yet: unless its requirements are met, it lapses on { $lapse }.
forecast-outcome-renewed = The renewal of { $date } is decided: it renews.
forecast-outcome-lapsed = Its requirements were not met by { $lapse }: it lapses.
forecast-window = Months that count
forecast-points = KPI points
forecast-points-so-far = { $points } of { $required } points so far
forecast-points-decided = { $points } of { $required } points, from the deciding report
forecast-points-not-required = { $points } points (no KPI points are required for this option)
forecast-not-yet = Not published yet: { $months }. Invoices of those months still count.
forecast-leaving = { $points } points of your dashboard ({ $months }) leave the window before the anniversary: they count today, not then.
forecast-last-invoice = Last invoice date that counts
forecast-deciding = Deciding report
forecast-deciding-published = published on { $date }
forecast-deciding-to-come = to be published on { $date }
forecast-requirements = Requirements on the anniversary
forecast-mct-detail = Microsoft Certified Trainers whose affiliation is valid on { $date }.
forecast-exams-detail = Passes from { $from } to { $date }.
forecast-kpi-detail = Points of the invoices of { $months }.
forecast-gap-mcts = { $count ->
        [one] 1 more MCT valid on { $date } needed.
       *[other] { $count } more MCTs valid on { $date } needed.
    }
forecast-gap-exams = { $count ->
        [one] 1 more exam pass needed by { $date }.
       *[other] { $count } more exam passes needed by { $date }.
    }
forecast-gap-points = { $points } more points needed, on invoices dated by { $date }.
forecast-gap-commitment = Accept the Performance Guidelines in force.
forecast-months-title = The twelve months, one by one
forecast-col-month = Month
forecast-col-points = Points
forecast-month-to-come = not published yet
forecast-rules = Judged by the { $name } rule set, in force on the anniversary (R14).
forecast-rules-waiver = Judged by the { $name } rule set, in force on the anniversary (R14), with its waiver policy { $waiver } (R23).
