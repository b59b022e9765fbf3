export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'James', 'Mia', 'William',
  'Amelia', 'Benjamin', 'Harper', 'Lucas', 'Evelyn', 'Henry', 'Abigail', 'Alexander', 'Emily', 'Mason', 'Ella',
  'Michael', 'Elizabeth', 'Ethan', 'Camila', 'Daniel', 'Luna', 'Jacob', 'Sofia', 'Logan', 'Avery', 'Jackson',
  'Mila', 'Levi', 'Aria', 'Sebastian', 'Scarlett', 'Mateo', 'Penelope', 'Jack', 'Layla', 'Owen', 'Chloe',
  'Theodore', 'Victoria', 'Aiden', 'Madison', 'Samuel', 'Eleanor', 'Joseph', 'Grace', 'John', 'Nora', 'David',
  'Riley', 'Wyatt', 'Zoey', 'Matthew', 'Hannah', 'Luke', 'Hazel', 'Asher', 'Lily', 'Carter', 'Ellie', 'Julian',
  'Violet', 'Grayson', 'Lillian', 'Leo', 'Zoe', 'Jayden', 'Stella', 'Gabriel', 'Aurora', 'Isaac', 'Natalie',
  'Lincoln', 'Emilia', 'Anthony', 'Everly', 'Hudson', 'Leah', 'Dylan', 'Aubrey', 'Ezra', 'Willow', 'Thomas',
  'Addison', 'Charles', 'Lucy', 'Christopher', 'Audrey', 'Jaxon', 'Bella', 'Maverick', 'Nova', 'Josiah', 'Brooklyn',
  'Siobhan', 'Mohammed', 'Priya', 'Wei', 'Yuki', 'Aleksander', 'Zofia', 'Björn', 'Chiara', 'Raúl', 'Inés', 'Kwame',
  'Amara', 'Dmitri', 'Anaïs', 'Seán', 'Ngozi', 'Hiroshi', 'Fatima', 'Lars', 'Ingrid', 'Tomás', 'Leilani',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker',
  'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz',
  'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers',
  "O'Brien", 'McAllister', 'van der Berg', 'Kowalski', 'Nakamura', 'Okafor', 'Schmidt', 'Rossi', 'Dubois',
  'Andersson', 'Novak', 'Fernández', 'Chen', 'Patel', 'Kim', 'Singh', 'Haddad', 'Ivanova', 'Mensah', 'Byrne',
] as const;

export const JOB_TITLES = [
  'Office Manager', 'Purchasing Manager', 'Chief Executive Officer', 'Marketing Director', 'Sales Representative',
  'Account Manager', 'Operations Lead', 'Procurement Specialist', 'Finance Controller', 'IT Manager',
  'Head of Partnerships', 'Customer Success Manager', 'Logistics Coordinator', 'Owner', 'Practice Manager',
  'Communications Officer', 'Event Coordinator', 'Buyer', 'Product Manager', 'Consultant',
] as const;

export const EMAIL_DOMAINS = [
  'northwind-traders.example', 'contoso.example', 'fabrikam.example', 'adventure-works.example', 'tailspin.example',
  'wideworldimporters.example', 'litware.example', 'proseware.example', 'woodgrove.example', 'alpineski.example',
  'mail.example', 'inbox.example', 'post.example',
] as const;
