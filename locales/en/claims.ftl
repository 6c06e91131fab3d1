# Claims of organizations (R31): sign-up, address confirmation, unverified organizations,
# and the console's claim queue.

signup-sent-title = Check your mail
signup-sent = We have sent a message to the address you gave. Follow its link to confirm the address, then sign in. Nothing arrived within a few minutes? Look in your spam folder, or sign up again.

confirm-title = Confirm your address
confirm-intro = Confirm that { $email } is your address. You can then sign in.
confirm-submit = Confirm my address
confirm-done-title = Address confirmed
confirm-done = Thank you. You can now sign in.
confirm-gone-title = This link no longer works
confirm-gone = The link has expired or was already used. If you confirmed your address already, sign in; otherwise signing in sends you a new link.

home-pending-verification = awaiting the program's verification

login-unconfirmed = Confirm your address first: we have just mailed you a new link.

unverified-banner = The program has not verified yet that this organization (MPN ID { $mpn }) is yours. Until it has, its invoices, KPI points and revenue stay hidden and you cannot enroll or pay. You can already enter your trainers and exams.
unverified-title = Not available yet
unverified-page = The program has not verified yet that this organization is yours. Its invoices, KPI points and revenue are shown, and enrolling and paying are possible, once it has. We tell you by mail.
unverified-no-membership = No membership yet.
unverified-meanwhile-title = While the program checks your organization
unverified-meanwhile = Enter your Microsoft Certified Trainers and your people's passed exams: they count as soon as the organization is verified.

mail-confirm-subject = Confirm your address for Learning Partner Center
mail-confirm-intro = You (or someone using { $email }) signed up MPN ID { $mpn } on Learning Partner Center.
mail-confirm-link = Confirm your address here. The link works once, for 7 days:
mail-confirm-next = You can then sign in. The program checks that MPN ID { $mpn } is yours before it shows the organization's invoices and KPI points; we tell you by mail.
mail-reset-ignore-signup = If it was not you, ignore this mail: nothing happens without the link.
mail-signup-exists-subject = Your Learning Partner Center account
mail-signup-exists-intro = Someone (hopefully you) tried to sign up with { $email }, which already has an account.
mail-signup-exists-login = Sign in here:
mail-signup-exists-forgot = Forgot your password? Choose a new one here:
mail-signup-taken-subject = MPN ID { $mpn } is already registered
mail-signup-taken-intro = Someone (hopefully you) tried to sign up MPN ID { $mpn } with { $email }. That organization is already registered with the program.
mail-signup-taken-next = Ask one of its administrators to invite you. If you believe the organization is yours and nobody can invite you, contact the program's support.
mail-program-invite-subject = Your invitation to Learning Partner Center: { $partner }
mail-program-invite-intro = The Learning Partner program invites you, as the contact on file of { $partner } (MPN ID { $mpn }), to manage the organization in Learning Partner Center as its MPN partner admin.

ovw-claims-waiting = { $count ->
    [one] One claim of an organization waits for a decision.
   *[other] { $count } claims of organizations wait for a decision.
}
ops-nav-claims = Claims
ops-claims-title = Claims of organizations
ops-claims-intro = Organizations someone signed up for, waiting for the program to verify that they are theirs (R31). Until then they see no invoices, KPI points or revenue and cannot enroll or pay.
ops-claims-pending-heading = Waiting for a decision
ops-claims-none = No claim is waiting.
ops-claims-country = Country
ops-claims-claimed = Claimed on
ops-claims-claimants = Claimed by
ops-claims-confirmed = address confirmed
ops-claims-unconfirmed = address not confirmed
ops-claims-invoices-label = Invoices stored for this MPN ID
ops-claims-invoices = { $lines } lines, { $from } to { $to }
ops-claims-no-invoices = None
ops-claims-verify = Approve the claim
ops-claims-verify-help = The organization is verified; its users see its KPIs and may enroll. The claimant is told by mail.
ops-claims-reason = Reason for a rejection
ops-claims-reason-help = Mailed to the claimant and kept in the audit log.
ops-claims-reject = Reject the claim
ops-claims-reason-required = Say why the claim is rejected: the claimant is told.
ops-claims-reason-too-long = The reason is longer than 1,000 characters.
ops-claims-decided-already = The claim of { $mpn } was already decided (another tab, or another operator).
ops-claims-verified-notice = The claim of { $mpn } is approved; the claimant was told.
ops-claims-rejected-notice = The claim of { $mpn } is rejected; its roles are removed and the claimant was told.
ops-claims-invited-notice = The invitation to { $email } is on its way.
ops-claims-invite-heading = Invite an organization's contact
ops-claims-invite-intro = Sends the organization's contact on file a link to become its MPN partner admin (R31). Give an address to record it as the contact first.
ops-claims-invite-mpn = MPN ID
ops-claims-invite-email = Contact's e-mail (optional)
ops-claims-invite-email-help = Empty: the contact on file.
ops-claims-invite-submit = Send the invitation
ops-claims-unknown-partner = MPN ID { $mpn } is not registered.
ops-claims-invite-pending = A claim of { $mpn } waits for a decision: approve or reject it first.
ops-claims-invite-no-contact = { $mpn } has no contact on file: give an address.
ops-claims-invite-has-account = That address already has an account: an administrator of { $mpn } invites them from the organization's users page.

# The organization's menu on every partner page (issue 16).
partner-nav-label = Your organization
partner-nav-overview = Overview
partner-nav-settings = Settings
