var await;
