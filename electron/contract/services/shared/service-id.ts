/** The services a terminal can offer (the config's services.enabled lists a subset). */
export type ServiceId =
  | 'credit-query'
  | 'credit-commitment'
  | 'form-filling'
  | 'e-licence'
  | 'progress-query'
  | 'service-guide'
  | 'id-photo'
  | 'traffic-violation';
