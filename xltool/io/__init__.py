"""Files in and out: recognise and read workbooks (sizes checked first), write outputs atomically."""
