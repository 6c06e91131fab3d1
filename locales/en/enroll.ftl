# Enrolling (crates/web/src/ui/enroll_page.rs): options, checkout, result, proof upload,
# the Action Pack's activation checklist (R5) and the overview's next tier.

breadcrumb = Breadcrumb
back-overview = ← Overview
back-options = ← Enrollment options
overview-enroll = Enrollment options
next-tier-title = Next tier
next-tier-none = You hold the highest tier of every competency you are enrolled in.

enroll-title = Enroll in the Learning Partner program
enroll-intro = Choose the Learning Action Pack, or the silver or gold learning option of a competency. Every requirement is judged now, on your trainers, exam passes and latest KPI report; no business plan is asked for.
enroll-read-only = You can read this page, but only the MPN partner admin or an account admin of your organization may enroll or pay.
enroll-recommended = Recommended for you: { $option }
enroll-recommended-none = No option is met yet: add an active Microsoft Certified Trainer (MCT) to qualify for the Learning Action Pack.
enroll-recommended-held = You already hold { $option }, the highest option you meet.
enroll-rule-set = Rule set { $name }, in force since { $date }.
enroll-competencies = Silver and gold learning options by competency
enroll-competencies-help = Open a competency to see its silver and gold requirements.
enroll-choose = Enroll
enroll-details = See the details
badge-recommended = Recommended
badge-held = Held
badge-eligible = Requirements met
badge-not-eligible = Not yet met
badge-upgrade = silver-to-gold upgrade price

req-why = Why?
req-why-rule = Decided by the program's rule { $rule }.
req-met = Met
req-unmet = Not met
req-rule-title = Requirement and the program rule that decides it
req-mct-short = { $actual ->
        [one] 1 active MCT
       *[other] { $actual } active MCTs
    }, { $required } required
req-mct-detail = Microsoft Certified Trainers affiliated with your organization today.
req-exams-short = { $actual ->
        [one] 1 exam pass
       *[other] { $actual } exam passes
    }, { $required } required
req-exams-detail = Passes of the exams mapped to { $competency } ({ $exams }) in the last 12 months.
req-kpi-short = { $actual } KPI points, { $required } required
req-kpi-report = From the KPI report published on { $date }.
req-kpi-no-report = No KPI report has been published yet.
req-commitment-met = Performance Guidelines accepted
req-commitment-unmet = Performance Guidelines not accepted yet
req-commitment-detail = The Performance Requirements of the Learning Program Performance Guidelines, version { $version }.
req-subscription = Action Pack subscription bought
req-fee-paid = Competency fee paid
req-waived = Waived by policy { $waiver }.

price-fee = Fee
price-discount = Silver-to-gold upgrade discount ({ $percent }%)
price-due = Amount due
price-upgrade-note = You hold the silver learning option of this competency: gold comes at the upgrade price. Your silver membership ends when gold starts, and using the discount forfeits any refund of the silver fee. The gold anniversary date is one year after the purchase.

checkout-title = Enroll: { $option }
checkout-requirements = Requirements
checkout-price = Price
checkout-not-eligible = Not every requirement is met yet, so this option cannot be bought now.
checkout-instead = You can enroll in:
checkout-guidelines = Learning Program Performance Guidelines
checkout-accept = I accept the Performance Requirements of the Learning Program Performance Guidelines, version { $version }, on behalf of my organization.
checkout-accept-required = Accept the Performance Guidelines to enroll in a silver or gold learning option.
checkout-payment = Payment
checkout-payment-required = Choose how you pay.
payment-card = Card
payment-card-help = Paid now: the membership starts at once.
payment-bank = Bank transfer
payment-bank-help = Upload the proof of payment; the membership starts when an operator confirms it. Unpaid orders expire after 30 days.
checkout-submit = Enroll and pay
checkout-held = Your organization already holds this option. Renew it from 30 days before its anniversary date.
checkout-held-window = Your organization holds this option. Its anniversary is { $anniversary }; it renews at the anniversary when its requirements are met, and can be renewed from { $from } to { $to }.
checkout-conflict = Your organization already holds this option or has an unpaid order for it.

result-refused-title = Not enrolled: { $option }
result-refused-lead = These requirements are not met yet:
result-unmet = Unmet requirements
result-active-title = Enrolled: { $option }
result-active-lead = Your membership is active.
result-paid-card = Paid by card
result-upgraded = Your silver membership of this competency ended as upgraded; its fee is no longer refundable.
result-pending-title = Waiting for payment: { $option }
result-pending-lead = Transfer { $amount } and upload the proof of payment. The order expires on { $date } if it is not paid.
order-title = Order { $id }: { $option }
order-number = Order
order-expires = Expires on
order-paid-on = Paid on
order-status-pending_payment = Waiting for payment
order-status-paid = Paid
order-status-expired = Expired
order-status-refunded = Refunded

proof-title = Proof of payment
proof-label = Proof of the bank transfer
proof-help = A PDF, PNG or JPEG file of at most 5 MiB.
proof-submit = Upload the proof
proof-too-large = The file is larger than 5 MiB. Upload a smaller PDF, PNG or JPEG file.
proof-missing = Choose the file to upload.
proof-wrong-type = The proof of payment must be a PDF, PNG or JPEG file.
proof-received = Proof received ({ $file }). An operator confirms the payment; the membership starts then.
proof-order-expired = This order has expired: place a new order.
proof-order-not-pending = This order no longer takes a proof of payment.
proofs-sent-title = Proofs of payment sent
proof-sent-on = sent on { $date }
proof-status-submitted = waiting for an operator
proof-status-accepted = accepted
proof-status-rejected = rejected
proof-reason = The operator's reason:

lap-steps-title = Activating the Learning Action Pack
lap-steps-intro = The Learning Action Pack is active once these three steps are done.
lap-step-buy = 1. Action Pack subscription bought
lap-step-buy-done = Bought on { $date }.
lap-step-buy-pending = Waiting for the payment.
lap-step-case = 2. Account profile set up by Partner Frontline Support
lap-step-case-none = The case opens when the subscription is paid.
lap-step-case-open = Case { $id }: { $state }.
lap-step-case-resolved = Case { $id } resolved.
lap-step-case-link = Open case { $id }
lap-step-access = 3. Access to courseware on the Courseware Marketplace
lap-step-access-no = Granted when the account profile setup case is resolved.
lap-step-access-yes = Granted on { $date }.
step-done = done
step-todo = to do
enroll-case-state-open = opened, waiting for Partner Frontline Support
enroll-case-state-waiting_on_partner = waiting for your answer
enroll-case-state-resolved = resolved
enroll-case-state-rejected = rejected

# Orders (issue 16): the partner's orders, the pending payment, the bank details.
orders-title = Orders
orders-page-title = { $name }: orders
orders-intro = Every order of your organization, newest first: what it buys, what is due, and where its payment stands.
orders-none = No order yet.
orders-placed = Placed on
orders-proof = Proof of payment
orders-pay = Pay this order
orders-pay-by = To pay by { $date }
orders-paid-on = Paid on { $date }
orders-expired-on = Expired unpaid on { $date }
orders-refunded-on = Refunded on { $date }
orders-view-order = View the order
orders-payment-pending = Payment pending: view the order
orders-payment-pending-title = Payment pending
overview-pending-order = Order { $id } for { $option }: { $amount } to pay by { $date }.
checkout-pending-order = Your organization has an unpaid order for this option: pay it, or let it expire before ordering again.
bank-title = How to pay by bank transfer
bank-beneficiary = Beneficiary
bank-iban = IBAN
bank-bic = BIC (SWIFT)
bank-name = Bank
bank-amount = Amount
bank-reference = Payment reference
bank-reference-help = Write the payment reference exactly as shown: it tells the program which order your transfer pays. Then upload the bank's confirmation below.
bank-missing = The program's bank details are not published here yet: support sends them to you. Quote your MPN ID and the order number.

# The overview's renewal notes (issue 16 item 7, R19, R28).
renewal-note-renews = Your { $option } membership comes up for renewal on { $date }. With today's data it renews then, and the renewal fee is charged as last time: nothing to do.
renewal-note-waived = Your { $option } membership comes up for renewal on { $date }. With today's data it renews under the program's waiver policy; the renewal fee is still charged.
renewal-note-pending = Your { $option } membership comes up for renewal on { $date }. It renews once the bank transfer of its fee is confirmed.
renewal-note-lapses = Your { $option } membership comes up for renewal on { $date }. With today's data it would lapse on { $lapse }: { $requirement } is not met yet.
renewal-note-order = The renewal of your { $option } membership (anniversary { $date }) waits for the payment of order { $id }.
renewal-action-trainers = Add a trainer
renewal-action-exams = Record exam passes
renewal-action-kpi = See your KPI points
renewal-action-enroll = See what is missing
renewal-req-mct_count = the number of active MCTs
renewal-req-exam_passes = the number of exam passes
renewal-req-kpi_points = the KPI points of the renewal window
renewal-req-performance_commitment = the acceptance of the Performance Guidelines
renewal-req-action_pack_subscription = the Action Pack subscription
renewal-req-fee_paid = the fee

# The Performance Guidelines page (/guidelines/{version}, R8).
guidelines-title = Learning Program Performance Guidelines { $version }
guidelines-in-force = The guidelines of the { $name } program year, in force from { $from }.
guidelines-intro = Accepting these guidelines is accepting to meet the requirements below for the learning option you hold. KPI points are counted over the twelve complete months before each report.
guidelines-mcts = { $count ->
    [one] One active Microsoft Certified Trainer
   *[other] { $count } active Microsoft Certified Trainers
}
guidelines-exams = { $count ->
    [one] One exam of the competency passed in the last 12 months
   *[other] { $count } exams of the competency passed in the last 12 months
}
guidelines-kpi-always = { $points } KPI points, at enrollment and at each renewal
guidelines-kpi-renewal = { $points } KPI points at each renewal
guidelines-kpi-enrollment = { $points } KPI points at enrollment
guidelines-kpi-never = { $points } KPI points, not checked
guidelines-commitment = The acceptance of these Performance Guidelines
guidelines-fee = Fee: { $fee } a year
guidelines-points-heading = KPI points per purchase unit
guidelines-points-intro = Each purchase unit on an actual invoice of the Courseware Marketplace earns these points, under the rules in force on the invoice date.
guidelines-col-points = Points per unit
guidelines-points-capped = { $points } (at most { $cap } over twelve months)
checkout-read-guidelines = Read the Performance Guidelines { $version } (opens in a new tab)
