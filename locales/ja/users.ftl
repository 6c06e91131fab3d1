# パートナー組織のユーザー一覧 (users_page): 各ユーザーのロールと、未完了の招待 (R1)。
users-title = ユーザー
users-intro = 組織でロールを持つすべてのユーザーです。招待された人は、パスワードを設定するまで「招待中」と表示されます。
users-caption = { $partner } のユーザー
users-col-email = メール アドレス
users-col-role = ロール
users-col-added = 追加日
users-col-status = 状態
users-pending = 招待中
users-active = 有効
users-none = この組織でロールを持つユーザーはまだいません。
users-invite = ユーザーを招待
users-back-overview = ← 概要に戻る
users-overview-link = ユーザー
