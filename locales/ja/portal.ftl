# パートナーポータル (crates/web/src/ui)。用語はラーニングパートナーの記事 (../shared/seeds/) に従う。

app-name = Learning Partner Center
skip-to-content = 本文へスキップ
nav-main = メイン
nav-home = ホーム
nav-console = コンソール
nav-sign-in = サインイン
nav-sign-up = 登録
nav-sign-out = サインアウト
nav-signed-in-as = { $email } としてサインイン中
lang-label = 言語
lang-submit = 変更
footer-text = Learning Partner Center · トレーニング企業のためのラーニングパートナープログラム
back-home = ホームに戻る

home-title = Learning Partner Center
home-lead = Learning Action Pack、またはシルバーまたはゴールドコンピテンシーの学習オプションで、トレーニング企業をラーニングパートナープログラムに登録し、コースウェアマーケットプレースの請求書から得られる KPI を確認します。
home-sign-in = サインイン
home-sign-up = 組織を登録する
home-your-partners = あなたの組織
home-no-partners = まだどのパートナー組織にも所属していません。

role-mpn_partner_admin = MPN パートナー管理者
role-account_admin = MPN アカウント管理者
role-member = メンバー
role-operator = オペレーター
role-support_agent = サポート担当者

field-mpn-id = MPN ID
field-mpn-id-help = Microsoft Partner Network ID の数字。
field-partner-name = 組織名
field-country = 国
field-country-help = 2 文字のコード: JP、IT、US…
field-email = メールアドレス
field-password = パスワード
field-password-help = { $min } 文字以上。
field-role = ロール

signup-title = 組織を登録する
signup-intro = MPN ID でトレーニング企業を登録します。メールアドレス確認用のリンクをお送りします。その後、プログラムがこの組織があなたのものであることを確認してから、請求書と KPI ポイントが表示されます。
signup-submit = アカウントを作成
signup-have-account = 登録済みですか? サインインしてください。

login-title = サインイン
login-submit = サインイン
login-forgot = パスワードをお忘れですか?
login-no-account = アカウントをお持ちでない場合は、組織を登録してください。
login-expired = セッションが終了しました。もう一度サインインすると、元のページに戻ります。

forgot-title = パスワードのリセット
forgot-intro = アカウントのメールアドレスを入力してください。新しいパスワードを設定するリンクを送信します。
forgot-submit = リンクを送信
forgot-sent-title = メールを確認してください
forgot-sent = このアドレスのアカウントがある場合、パスワードをリセットするリンクを送信しました。リンクは 1 時間、1 回だけ有効です。

reset-title = 新しいパスワードの設定
reset-intro = アカウント: { $email }
reset-submit = パスワードを保存
reset-done-title = パスワードを保存しました
reset-done = パスワードを保存しました。新しいパスワードでサインインしてください。
reset-done-tokens = 古いパスワードとともに API トークン { $count } 件を無効にしました。それを使っていたプログラムには新しいトークンが必要です（設定 › API トークン）。

invite-title = ユーザーを招待
invite-intro = 招待された人には、パスワードを設定するリンク (7 日間有効) がメールで届きます。
invite-submit = 招待を送信
invite-sent-title = 招待を送信しました
invite-sent = { $email } を招待しました。メールは送信トレイにあります。

mail-reset-subject = Learning Partner Center のパスワードのリセット
mail-reset-intro = { $email } のパスワードのリセットが要求されました。
mail-reset-link = 次のリンクから新しいパスワードを設定してください (1 時間、1 回だけ有効):
mail-reset-ignore = 心当たりがない場合は、このメールを無視してください。パスワードは変更されません。
mail-invite-subject = Learning Partner Center で { $partner } に参加する
mail-invite-intro = { $inviter } さんが、{ $partner } (MPN ID { $mpn }) に { $role } として参加するようあなたを招待しました。
mail-invite-link = 次のリンクからパスワードを設定してください (7 日間、1 回だけ有効):

overview-title = { $name }: 概要
overview-mpn = MPN ID
overview-country = 国
overview-invite = ユーザーを招待
memberships-title = メンバーシップ
memberships-none = メンバーシップはまだありません。Learning Action Pack、またはシルバーまたはゴールドコンピテンシーの学習オプションで登録してください。
col-option = オプション
col-competency = コンピテンシー
col-status = 状態
col-anniversary = 記念日
col-renewal-window = 更新期間
renewal-open = 更新受付中
option-action_pack = Learning Action Pack
option-silver = シルバーコンピテンシー学習オプション
option-gold = ゴールドコンピテンシー学習オプション
status-active = 有効
status-lapsed = 失効
status-upgraded = アップグレード済み
status-refunded = 返金済み

error-not-found-title = ページが見つかりません
error-not-found = ここには何もないか、アクセス権がありません。
error-csrf-title = フォームの有効期限が切れました
error-csrf = 安全のため、フォームを受け付けませんでした (古いか、別のサイトから送信されました)。前のページに戻り、再読み込みしてからもう一度送信してください。
error-internal-title = 問題が発生しました
error-internal = サーバーが応答できませんでした。しばらくしてからもう一度お試しください。
error-forbidden-title = 許可されていません
error-admin-only = この操作ができるのは、組織の MPN パートナー管理者または MPN アカウント管理者だけです。
error-rate-limited-title = 試行回数が多すぎます
error-rate-limited = サインインの試行回数が多すぎます。15 分待ってからもう一度お試しください。
error-login = メールアドレスまたはパスワードが正しくありません。
error-reset-link-title = このリンクは使用できません
error-reset-link = このリンクは有効期限が切れたか、すでに使用されています。新しいリンクを要求してください。
error-mpn-id = MPN ID を数字だけで入力してください。
error-mpn-taken = この MPN ID はすでに登録されています。
error-partner-name = 組織名を入力してください。
error-country = JP、IT、US などの 2 文字の国コードを入力してください。
error-email = 有効なメールアドレスを入力してください。
error-email-taken = このメールアドレスのアカウントはすでに存在します。
error-password-short = { $min } 文字以上にしてください。
error-role = ロールを選択してください。
