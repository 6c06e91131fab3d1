# 組織の申請 (R31): サインアップ、メールアドレスの確認、未確認の組織、コンソールの申請キュー。

signup-sent-title = メールをご確認ください
signup-sent = 入力されたアドレスにメッセージを送信しました。リンクを開いてアドレスを確認してから、サインインしてください。数分たっても届かない場合は、迷惑メールフォルダーを確認するか、もう一度サインアップしてください。

confirm-title = メールアドレスの確認
confirm-intro = { $email } があなたのアドレスであることを確認してください。確認後にサインインできます。
confirm-submit = アドレスを確認する
confirm-done-title = アドレスを確認しました
confirm-done = ありがとうございます。サインインできるようになりました。
confirm-gone-title = このリンクは使用できません
confirm-gone = リンクの有効期限が切れたか、すでに使用されています。確認済みの場合はサインインしてください。未確認の場合は、サインインすると新しいリンクが送信されます。

home-pending-verification = プログラムの確認待ち

login-unconfirmed = 先にメールアドレスを確認してください。新しいリンクをお送りしました。

unverified-banner = この組織 (MPN ID { $mpn }) があなたのものであることを、プログラムはまだ確認していません。確認が済むまで、請求書、KPI ポイント、売上は表示されず、登録や支払いもできません。トレーナーと試験の登録はすでに行えます。
unverified-title = まだご利用いただけません
unverified-page = この組織があなたのものであることを、プログラムはまだ確認していません。確認が済むと、請求書、KPI ポイント、売上が表示され、登録と支払いができるようになります。確認結果はメールでお知らせします。
unverified-no-membership = メンバーシップはまだありません。
unverified-meanwhile-title = プログラムによる確認を待つ間に
unverified-meanwhile = Microsoft 認定トレーナーと、合格した試験を登録してください。組織が確認されるとすぐに反映されます。

mail-confirm-subject = Learning Partner Center のメールアドレスの確認
mail-confirm-intro = あなた (または { $email } を使用した誰か) が Learning Partner Center で MPN ID { $mpn } をサインアップしました。
mail-confirm-link = 次のリンクからアドレスを確認してください (7 日間、1 回だけ有効):
mail-confirm-next = 確認後にサインインできます。プログラムは、MPN ID { $mpn } があなたのものであることを確認してから、組織の請求書と KPI ポイントを表示します。結果はメールでお知らせします。
mail-reset-ignore-signup = 心当たりがない場合は、このメールを無視してください。リンクを開かない限り何も起こりません。
mail-signup-exists-subject = Learning Partner Center のアカウント
mail-signup-exists-intro = 誰か (おそらくあなた) が { $email } でサインアップしようとしましたが、このアドレスにはすでにアカウントがあります。
mail-signup-exists-login = こちらからサインインしてください:
mail-signup-exists-forgot = パスワードをお忘れの場合は、こちらから新しいパスワードを設定してください:
mail-signup-taken-subject = MPN ID { $mpn } はすでに登録されています
mail-signup-taken-intro = 誰か (おそらくあなた) が { $email } で MPN ID { $mpn } をサインアップしようとしました。この組織はすでにプログラムに登録されています。
mail-signup-taken-next = 組織の管理者に招待を依頼してください。組織があなたのもので、招待できる人がいない場合は、プログラムのサポートにお問い合わせください。
mail-program-invite-subject = Learning Partner Center へのご招待: { $partner }
mail-program-invite-intro = Learning Partner プログラムは、{ $partner } (MPN ID { $mpn }) の登録連絡先であるあなたを、Learning Partner Center でこの組織を管理する MPN パートナー管理者として招待します。

ovw-claims-waiting = 組織の申請 { $count } 件が判断を待っています。
ops-nav-claims = 申請
ops-claims-title = 組織の申請
ops-claims-intro = サインアップされた組織のうち、申請者のものであることをプログラムが確認するのを待っているもの (R31)。確認されるまで、請求書、KPI ポイント、売上は表示されず、登録や支払いもできません。
ops-claims-pending-heading = 判断待ち
ops-claims-none = 判断待ちの申請はありません。
ops-claims-country = 国
ops-claims-claimed = 申請日
ops-claims-claimants = 申請者
ops-claims-confirmed = アドレス確認済み
ops-claims-unconfirmed = アドレス未確認
ops-claims-invoices-label = この MPN ID で保存されている請求書
ops-claims-invoices = { $lines } 明細、{ $from } から { $to }
ops-claims-no-invoices = なし
ops-claims-verify = 申請を承認する
ops-claims-verify-help = 組織は確認済みとなり、ユーザーは KPI を閲覧して登録できるようになります。申請者にはメールで通知されます。
ops-claims-reason = 却下の理由
ops-claims-reason-help = 申請者にメールで送信され、監査ログに記録されます。
ops-claims-reject = 申請を却下する
ops-claims-reason-required = 却下の理由を入力してください。申請者に通知されます。
ops-claims-reason-too-long = 理由が 1,000 文字を超えています。
ops-claims-decided-already = { $mpn } の申請はすでに判断されています (別のタブ、または別のオペレーター)。
ops-claims-verified-notice = { $mpn } の申請を承認しました。申請者に通知しました。
ops-claims-rejected-notice = { $mpn } の申請を却下しました。ロールは削除され、申請者に通知しました。
ops-claims-invited-notice = { $email } への招待を送信しました。
ops-claims-invite-heading = 組織の連絡先を招待する
ops-claims-invite-intro = 組織の登録連絡先に、MPN パートナー管理者になるためのリンクを送信します (R31)。アドレスを入力すると、先にそれが連絡先として記録されます。
ops-claims-invite-mpn = MPN ID
ops-claims-invite-email = 連絡先のメールアドレス (任意)
ops-claims-invite-email-help = 空欄の場合は登録済みの連絡先。
ops-claims-invite-submit = 招待を送信する
ops-claims-unknown-partner = MPN ID { $mpn } は登録されていません。
ops-claims-invite-pending = { $mpn } の申請が判断待ちです。先に承認または却下してください。
ops-claims-invite-no-contact = { $mpn } には登録済みの連絡先がありません。アドレスを入力してください。
ops-claims-invite-has-account = このアドレスにはすでにアカウントがあります。{ $mpn } の管理者が組織のユーザーページから招待します。

# すべてのパートナーページの組織メニュー (issue 16)。
partner-nav-label = あなたの組織
partner-nav-overview = 概要
partner-nav-settings = 設定
