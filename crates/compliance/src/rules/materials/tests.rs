//! Tests of the material detectors and the text helpers they use.

use super::*;

#[test]
fn centres_need_an_address_with_hours_near_it() {
    assert!(centre_with_hours("мфц, ул. ленина, 5. пн–пт 9:00–18:00").2);
    assert!(centre_with_hours("почта, пр-т мира 7, режим работы 09.00 - 19.00").2);
    assert!(centre_with_hours("администрация, пл. советов, 1, прием с 9 до 17").2);
    assert!(
        !centre_with_hours(
            "добавьте сюда центры вашего района: название, адрес, телефон и часы работы"
        )
        .2
    );
    assert!(!centre_with_hours("ул. ленина, 5; новость от 02.04.2024").2);
}

#[test]
fn contacts_need_values_not_just_words() {
    assert!(labelled(
        "часы приема: пн–пт 9:00–18:00",
        "часы приема",
        60,
        true
    ));
    assert!(!labelled(
        "не нужно подстраиваться под часы приема.",
        "часы приема",
        60,
        true
    ));
    assert!(labelled("телефон: +7 800 000", "телефон", 25, false));
    assert!(!labelled(
        "позвоните по телефону школы",
        "телефон",
        25,
        false
    ));
    assert!(has_email("пишите на info@school.example."));
    assert!(!has_email("в @канале и на сайте"));
}
