"""Speaking requests ("đăng ký phát biểu"): the floor queue of a seminar."""
