# Onboarding partners in bulk (R31): the invitation mailed to the contact of each partner a
# partner file registers, the page its link opens, and the console's partner upload.
mail-partners-invite-subject = Your invitation to Learning Partner Center: { $partner }
mail-partners-invite-intro = The Learning Partner program registered { $partner } (MPN ID { $mpn }) with you as its contact, and invites you to manage it in Learning Partner Center as its MPN partner admin.
mail-partners-invite-link = Choose your password here. The link works once, for 30 days:
mail-partners-invite-ignore = If you are not the right person, ignore this mail: nothing happens without the link.
invitation-title = Your invitation
invitation-intro = The Learning Partner program invites { $email } to manage { $partner } (MPN ID { $mpn }) as its MPN partner admin. Choose a password for your account; you are signed in at once.
invitation-submit = Create my account
invitation-existing-intro = { $email } already has an account. Accept, and this account becomes the MPN partner admin of { $partner } (MPN ID { $mpn }).
invitation-accept = Accept the invitation
invitation-sign-in-title = Sign in to accept
invitation-sign-in = { $email } already has an account. Sign in as { $email }, and this invitation to manage { $partner } opens again.
invitation-gone-title = This invitation no longer works
invitation-gone = The link was used already or has expired, or the organization's contact on file has changed. Ask the program's support for a new invitation.
ops-imports-kind-partners = Partners (bulk onboarding, R31)
ops-imports-count-invited = Contacts invited
ops-imports-count-without_contact = Registered without a contact
ops-imports-count-not_invited = Not invited: the contact has an account
ops-imports-not-invited-heading = Contacts not invited
ops-imports-not-invited-intro = These contacts already have an account, so no invitation was sent to them: an admin of the organization, or the program, gives that account its role.
ops-imports-col-mpn = MPN ID
ops-imports-col-contact = Contact
